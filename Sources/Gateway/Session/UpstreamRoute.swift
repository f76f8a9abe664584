import Upstream

/// Everything a session needs to know about the server it talks to.
public struct UpstreamRoute: Sendable {
    /// The configured server name (`/mcp/<name>`).
    public var server: String
    /// Opens a fresh connection to the server (starts the process, for stdio).
    public var connect: @Sendable () async throws -> any UpstreamConnection
    /// How long a request may wait for the upstream's answer.
    public var callTimeout: Duration
    /// How long `initialize` may take: it includes starting the server (an `npx` or `uvx`
    /// download can take a while), so it gets at least this long, whatever the call timeout.
    public var startupTimeout: Duration
    /// An upstream connection unused this long is closed; the next request opens a new one
    /// (and replays the agent's `initialize`). nil: it lives as long as the session.
    public var idleTimeout: Duration?
    /// Who shares the server's pooled connections on the sessionless path (``UpstreamPools``).
    public var upstreamScope: UpstreamScope

    public init(server: String, callTimeout: Duration, startupTimeout: Duration = .seconds(60), idleTimeout: Duration? = nil,
                upstreamScope: UpstreamScope = .shared, connect: @escaping @Sendable () async throws -> any UpstreamConnection) {
        self.server = server
        self.connect = connect
        self.callTimeout = callTimeout
        self.startupTimeout = startupTimeout
        self.idleTimeout = idleTimeout
        self.upstreamScope = upstreamScope
    }

    /// The time `method` may take.
    func timeout(for method: String) -> Duration {
        method == "initialize" ? max(callTimeout, startupTimeout) : callTimeout
    }
}
