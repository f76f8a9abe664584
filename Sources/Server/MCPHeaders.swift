import HTTPTypes

/// Header names of MCP's Streamable HTTP transport.
enum MCPHeaders {
    static let sessionID = HTTPField.Name("Mcp-Session-Id")!
    static let protocolVersion = HTTPField.Name("MCP-Protocol-Version")!
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// 2026-07-28: the JSON-RPC method, mirrored from the body.
    static let method = HTTPField.Name("Mcp-Method")!
    /// 2026-07-28: `params.name` or `params.uri`, mirrored (maybe `=?base64?…?=`).
    static let name = HTTPField.Name("Mcp-Name")!
    static let accelBuffering = HTTPField.Name("X-Accel-Buffering")!
}
