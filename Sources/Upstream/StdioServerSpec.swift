/// How to start a stdio MCP server: the `command`/`args`/`env`/`cwd` of an `mcpServers` entry.
public struct StdioServerSpec: Sendable, Equatable {
    /// The server's configured name, used in logs and errors.
    public var name: String
    /// A path, or a name looked up on the child's PATH.
    public var command: String
    public var arguments: [String]
    /// Added to the few variables the child inherits (see ``ChildEnvironment``); these win.
    public var environment: [String: String]
    /// The child's working directory; the gateway's when nil.
    public var workingDirectory: String?
    /// The longest line accepted on stdout, in bytes. A longer one ends the connection.
    public var maximumMessageSize: Int
    /// How long `close()` waits after closing stdin, and again after SIGTERM.
    public var shutdownGracePeriod: Duration
    /// How long the child may leave our writes unread (its stdin pipe full) before it is
    /// considered stuck and stopped.
    public var writeStallTimeout: Duration

    public init(
        name: String, command: String, arguments: [String] = [], environment: [String: String] = [:],
        workingDirectory: String? = nil, maximumMessageSize: Int = 32 << 20, shutdownGracePeriod: Duration = .seconds(2),
        writeStallTimeout: Duration = .seconds(30)
    ) {
        self.name = name
        self.command = command
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.maximumMessageSize = maximumMessageSize
        self.shutdownGracePeriod = shutdownGracePeriod
        self.writeStallTimeout = writeStallTimeout
    }
}
