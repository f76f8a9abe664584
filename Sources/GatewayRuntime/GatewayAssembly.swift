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
    /// Held calls: the queue and its waiters.
    public let approvals: ApprovalDesk
    public let approvalStore: any ApprovalStore
    /// Tool pinning (run ``PinGuard/run()`` for approvals made elsewhere to take effect).
    public let pins: PinGuard
    /// This process among the gateways sharing the store (``ApprovalRequest/replica``).
    public let replica: String
    /// Keep-alive connections to the HTTP upstreams; nil when every server is stdio.
    public let httpClient: HTTPClient?

    /// `replica` names this process among gateways sharing the store: stable across restarts
    /// (host and port), so that a restarted gateway finds the calls it held. `replicaID` is the
    /// prefix of its session ids (see ``ReplicaID``; `--replica-id` sets both).
    public init(configuration: GatewayConfiguration, policies loaded: [String: LoadedPolicy], stores: StateStores,
                replica: String = GatewayAssembly.defaultReplica(), replicaID: ReplicaID = .random(),
                metrics: GatewayMetrics = GatewayMetrics(), auditSpool: AuditSpool? = nil, logger: Logger) throws(PolicyError) {
        self.configuration = configuration
        let audit = AuditLog(store: stores.audit, spool: auditSpool, logger: logger)
        let policies = try LivePolicies(configuration: configuration, policies: loaded, audit: audit, logger: logger)
        let webhook = configuration.approvals.webhook.map { ApprovalWebhook(url: $0, client: .shared, logger: logger) }
        let risks = ToolRisks()
        let approvals = ApprovalDesk(
            store: stores.approvals, audit: audit, timeout: .seconds(configuration.approvals.timeoutSeconds),
            answerWindow: configuration.approvals.answerWindow, replica: replica,
            announce: { request in webhook?.announce(request) }, risk: risks.level(server:tool:), logger: logger)
        let pins = PinGuard(store: stores.pins, audit: audit,
                            modes: Dictionary(configuration.servers.map { ($0.name, $0.pinning) }, uniquingKeysWith: { first, _ in first }),
                            onListing: risks.learn(server:tools:changed:), logger: logger)
        let enforcer = Enforcer(
            policy: { policies.policy(for: $0) ?? LivePolicies.denyEverything }, counters: stores.counters, audit: audit,
            admissions: stores.admissions,
            auditArguments: AuditArgumentRecorder(mode: configuration.audit.arguments, digester: stores.digester), approvals: approvals, pins: pins,
            metrics: metrics, replica: replica, logger: logger)
        let usesHTTP = configuration.servers.contains { if case .http = $0.transport { true } else { false } }
        let httpClient = usesHTTP ? HTTPUpstream.makeHTTPClient() : nil
        var routes: [String: UpstreamRoute] = [:]
        for server in configuration.servers {
            routes[server.name] = Self.route(for: server, limits: configuration.limits, httpClient: httpClient, logger: logger)
        }
        let limits = SessionRegistry.Limits(
            maxSessionsPerGrant: configuration.limits.maxSessionsPerGrant,
            sessionIdle: .seconds(configuration.limits.sessionIdleSeconds),
            abandonedSession: .seconds(configuration.limits.abandonedSessionSeconds))
        self.policies = policies
        self.audit = audit
        self.enforcer = enforcer
        self.routes = routes
        self.registry = SessionRegistry(limits: limits, replica: replicaID, enforcer: enforcer, logger: logger)
        self.approvals = approvals
        self.approvalStore = stores.approvals
        self.pins = pins
        self.replica = replica
        self.httpClient = httpClient
    }

    /// `$GATEHOUSE_REPLICA`, else `gatehouse@<host>`; `serve` adds its port.
    public static func defaultReplica(port: Int? = nil) -> String {
        if let named = ProcessInfo.processInfo.environment["GATEHOUSE_REPLICA"], !named.isEmpty { return named }
        return "gatehouse@\(ProcessInfo.processInfo.hostName)" + (port.map { ":\($0)" } ?? "")
    }

    /// What a call left in flight by a replica that was killed ends as, on its audit row.
    public static let interruptedReason = "gateway restarted: the call was in flight when the gateway stopped, so how it ended is unknown"

    /// At start: calls this replica held when it last stopped (or crashed) lost their agents'
    /// connections, so they are closed as interrupted and recorded; so are the calls it had
    /// forwarded and never saw end (their rows get outcome `interrupted`); and the pin view is loaded.
    public func recover(logger: Logger) async {
        await pins.refresh()
        do {
            let unfinished = try await audit.store.interruptUnfinished(forwardedBy: replica, error: Self.interruptedReason)
            if unfinished > 0 {
                logger.notice("\(unfinished) call(s) forwarded before the restart never ended: their audit rows are now interrupted")
            }
        } catch {
            logger.error("could not close the audit rows of calls in flight before the restart: \(error)")
        }
        do {
            let interrupted = try await approvalStore.interruptPending(replica: replica, at: Date())
            for request in interrupted {
                await enforcer.record(ApprovalEvents.decided(request))
            }
            if !interrupted.isEmpty {
                logger.notice("\(interrupted.count) call(s) held for approval before the restart were interrupted: their agents' connections are gone")
            }
        } catch {
            logger.error("could not close the approval requests held before the restart: \(error)")
        }
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
            return UpstreamRoute(server: server.name, callTimeout: timeout, idleTimeout: idle, upstreamScope: server.upstreamScope) {
                try await StdioUpstream.launch(spec, logger: logger)
            }
        case .http(let endpoint):
            // The gateway's own call timeout answers first, with a message naming the server.
            let spec = HTTPServerSpec(
                name: server.name, url: endpoint.url.absoluteString, headers: endpoint.headers,
                maximumMessageSize: maximumMessageSize, responseTimeout: timeout + .seconds(5))
            return UpstreamRoute(server: server.name, callTimeout: timeout, idleTimeout: idle, upstreamScope: server.upstreamScope) {
                guard let httpClient else {
                    throw UpstreamError.invalidConfiguration(server: server.name, reason: "no HTTP client")
                }
                return try HTTPUpstream(spec, client: httpClient, logger: logger)
            }
        }
    }
}
