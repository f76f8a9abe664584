import JSON

/// An MCP server as `gatehouse import` found it by speaking to it, before it becomes a
/// catalog file (``ServerFileWriter``). Everything in it is the server's own, verbatim.
public struct ImportedServer: Sendable, Equatable {
    /// The catalog id: a safe path segment (see ``ServerID``).
    public var id: String
    /// `serverInfo` from the initialize result (name, version, and title, description... if sent).
    public var serverInfo: JSONObject
    /// The protocol revision the server chose.
    public var protocolVersion: String
    /// `stdio` or `http`.
    public var transport: String
    /// Where it came from: the command line or the URL (never headers or environment: they may
    /// hold credentials).
    public var source: String
    /// When it was imported, ISO 8601 in UTC.
    public var importedAt: String
    /// What `tools/list` returned, every page, each tool verbatim.
    public var tools: [JSONValue]

    public init(
        id: String, serverInfo: JSONObject, protocolVersion: String, transport: String, source: String, importedAt: String,
        tools: [JSONValue]
    ) {
        self.id = id
        self.serverInfo = serverInfo
        self.protocolVersion = protocolVersion
        self.transport = transport
        self.source = source
        self.importedAt = importedAt
        self.tools = tools
    }
}
