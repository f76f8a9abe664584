import Upstream

/// Everything a session needs to know about the server it talks to.
public struct UpstreamRoute: Sendable {
    /// The configured server name (`/mcp/<name>`).
    public var server: String
    /// Opens a fresh connection to the server (starts the process, for stdio).
    public var connect: @Sendable () async throws -> any UpstreamConnection
    /// How long a request may wait for the upstream's answer.
    public var callTimeout: Duration
    /// An upstream connection unused this long is closed; the next request opens a new one
    /// (and replays the agent's `initialize`). nil: it lives as long as the session.
    public var idleTimeout: Duration?

    public init(server: String, callTimeout: Duration, idleTimeout: Duration? = nil,
                connect: @escaping @Sendable () async throws -> any UpstreamConnection) {
        self.server = server
        self.connect = connect
        self.callTimeout = callTimeout
        self.idleTimeout = idleTimeout
    }
}
