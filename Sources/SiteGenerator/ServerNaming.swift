/// How prose names a server: "the Stripe MCP server", but "the GitHub MCP Server", not
/// "the GitHub MCP Server MCP server".
enum ServerNaming {
    /// "the <name> MCP server", unless the name already says server or MCP.
    static func phrase(_ name: String) -> String {
        let words = Set(name.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
        return words.contains("server") || words.contains("mcp") ? "the \(name)" : "the \(name) MCP server"
    }
}
