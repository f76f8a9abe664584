import AsyncHTTPClient
import Foundation
import Gateway
import Logging
import Policy
import Store
import Upstream

/// Everything `serve` and `stdio` build from a checked configuration: the live policies, the
/// enforcer (policy, counters, audit), a route per server and the session registry — and the
/// HTTP client every Streamable HTTP upstream shares (``shutdown()`` it at the end).
public struct GatewayAssembly: Sendable {
    public let configuration: GatewayConfiguration
    public let policies: LivePolicies
    public let audit: AuditLog
    public let enforcer: Enforcer
    public let routes: [String: UpstreamRoute]
    public let registry: SessionRegistry
    /// Keep-alive connections to the HTTP upstreams; nil when every server is stdio.
    public let httpClient: HTTPClient?

    /// `replica` names this process in its session ids (see ``ReplicaID``).
    public init(configuration: GatewayConfiguration, policies loaded: [String: LoadedPolicy], stores: StateStores,
                replica: ReplicaID = .random(), metrics: GatewayMetrics = GatewayMetrics(), logger: Logger) throws(PolicyError) {
        self.configuration = configuration
        let audit = AuditLog(store: stores.audit, logger: logger)
        let policies = try LivePolicies(configuration: configuration, policies: loaded, audit: audit, logger: logger)
        let enforcer = Enforcer(
            policy: { policies.policy(for: $0) ?? LivePolicies.denyEverything }, counters: stores.counters, audit: audit,
            admissions: stores.admissions, auditArguments: configuration.audit.arguments, metrics: metrics, logger: logger)
        let usesHTTP = configuration.servers.contains { if case .http = $0.transport { true } else { false } }
        let httpClient = usesHTTP ? HTTPUpstream.makeHTTPClient() : nil
        var routes: [String: UpstreamRoute] = [:]
        for server in configuration.servers {
            routes[server.name] = Self.route(for: server, limits: configuration.limits, httpClient: httpClient, logger: logger)
        }
        let limits = SessionRegistry.Limits(
            maxSessionsPerGrant: configuration.limits.maxSessionsPerGrant,
            sessionIdle: .seconds(configuration.limits.sessionIdleSeconds))
        self.policies = policies
        self.audit = audit
        self.enforcer = enforcer
        self.routes = routes
        self.registry = SessionRegistry(limits: limits, replica: replica, enforcer: enforcer, logger: logger)
        self.httpClient = httpClient
    }

    /// Releases the HTTP client (after every session was closed).
    public func shutdown() async {
        try? await httpClient?.shutdown()
    }

    /// How a session reaches `server`: a fresh stdio process, or a Streamable HTTP session.
    static func route(for server: ServerConfiguration, limits: GatewayLimits, httpClient: HTTPClient?, logger: Logger) -> UpstreamRoute {
        let timeout = Duration.seconds(server.callTimeout(in: limits))
        let idle = server.idleSeconds.map { Duration.seconds($0) }
        let maximumMessageSize = max(limits.maxBodyBytes, 32 << 20)
        switch server.transport {
        case .stdio(let launch):
            let spec = StdioServerSpec(
                name: server.name, command: launch.command, arguments: launch.arguments, environment: launch.environment,
                workingDirectory: launch.workingDirectory, maximumMessageSize: maximumMessageSize)
            return UpstreamRoute(server: server.name, callTimeout: timeout, idleTimeout: idle) {
                try await StdioUpstream.launch(spec, logger: logger)
            }
        case .http(let endpoint):
            // The gateway's own call timeout answers first, with a message naming the server.
            let spec = HTTPServerSpec(
                name: server.name, url: endpoint.url.absoluteString, headers: endpoint.headers,
                maximumMessageSize: maximumMessageSize, responseTimeout: timeout + .seconds(5))
            return UpstreamRoute(server: server.name, callTimeout: timeout, idleTimeout: idle) {
                guard let httpClient else {
                    throw UpstreamError.invalidConfiguration(server: server.name, reason: "no HTTP client")
                }
                return try HTTPUpstream(spec, client: httpClient, logger: logger)
            }
        }
    }
}
