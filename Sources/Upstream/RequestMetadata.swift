/// What a 2026-07-28 request carries beside its body, for a transport that mirrors it
/// (Streamable HTTP: the `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` headers).
///
/// A request sent with it belongs to no session: the transport sends no session id with it.
public struct RequestMetadata: Sendable, Equatable {
    /// The revision named in the body's `_meta` (`io.modelcontextprotocol/protocolVersion`).
    public var protocolVersion: String
    /// The body's `method`.
    public var method: String
    /// `Mcp-Name`, already encoded for a header (``HeaderValue/encode(_:)``); nil when the method mirrors no name.
    public var name: String?
    /// `Mcp-Param-{Name}` headers by full name, values already encoded: the tool's
    /// `x-mcp-header` arguments of a `tools/call`.
    public var params: [String: String]

    public init(protocolVersion: String, method: String, name: String? = nil, params: [String: String] = [:]) {
        self.protocolVersion = protocolVersion
        self.method = method
        self.name = name
        self.params = params
    }
}
