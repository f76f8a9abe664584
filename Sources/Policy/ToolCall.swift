import JSON

/// One `tools/call` as the engine sees it: which tool, with what arguments, by whom.
public struct ToolCall: Sendable, Equatable {
    public var tool: String
    /// The call's `arguments` object (`{}` when the client sent none).
    public var arguments: JSONValue
    /// The grant (credential) the agent authenticated with: the key of `grant`-scoped counters.
    public var grant: String
    /// The MCP session: the key of `session`-scoped counters.
    public var session: String

    public init(tool: String, arguments: JSONValue = .emptyObject, grant: String = "anonymous", session: String = "none") {
        self.tool = tool
        self.arguments = arguments
        self.grant = grant
        self.session = session
    }
}
