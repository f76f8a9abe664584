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

    /// 2026-07-28: the `Mcp-Param-{Name}` headers of a request, by lowercased name part, every
    /// value each was sent with (a repeated one is a mismatch, not a choice).
    static func params(_ headers: HTTPFields) -> [String: [String]] {
        let prefix = "mcp-param-"
        var params: [String: [String]] = [:]
        for field in headers where field.name.canonicalName.hasPrefix(prefix) {
            params[String(field.name.canonicalName.dropFirst(prefix.count)), default: []].append(field.value)
        }
        return params
    }
}
