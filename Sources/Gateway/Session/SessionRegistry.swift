import Logging
import Synchronization
import Upstream

/// Every open session of the gateway, by id, with the limits that keep them in check: at most
/// so many per grant, closed after an idle period; and the sweeper that times out requests.
public final class SessionRegistry: Sendable {
    public struct Limits: Sendable {
        public var maxSessionsPerGrant: Int
        /// A session with no request for this long (and none in flight) is closed.
        public var sessionIdle: Duration
        /// A session with no request for this long and no stream open to it (none in flight, no
        /// standalone stream listening) is closed: its client left without `DELETE`.
        public var abandonedSession: Duration
        /// How often the sweeper looks for overdue requests and idle sessions.
        public var sweepInterval: Duration

        public init(maxSessionsPerGrant: Int = 32, sessionIdle: Duration = .seconds(1800), abandonedSession: Duration = .seconds(300),
                    sweepInterval: Duration = .milliseconds(200)) {
            self.maxSessionsPerGrant = maxSessionsPerGrant
            self.sessionIdle = sessionIdle
            self.abandonedSession = abandonedSession
            self.sweepInterval = sweepInterval
        }
    }

    /// Why a session could not be opened.
    public enum OpenError: Error, Sendable, Equatable, CustomStringConvertible {
        case tooManySessions(grant: String, limit: Int)
        case shuttingDown

        public var description: String {
            switch self {
            case .tooManySessions(let grant, let limit):
                return "grant '\(grant)' already has \(limit) open sessions (the limit); end one (DELETE) or wait for idle ones to expire"
            case .shuttingDown:
                return "the gateway is shutting down"
            }
        }
    }

    public let limits: Limits
    /// This process: the prefix of every session id it makes.
    public let replica: ReplicaID
    let enforcer: Enforcer
    /// The shared upstream connections of sessionless (2026-07-28) requests.
    public let pools: UpstreamPools
    let logger: Logger
    /// The time the sweeper and the sessions go by (tests pass one they advance).
    let clock: SessionClock
    private let state = Mutex(State())

    private struct State {
        var sessions: [String: GatewaySession] = [:]
        var perGrant: [String: Int] = [:]
        var shuttingDown = false
    }

    public init(limits: Limits, replica: ReplicaID = .random(), enforcer: Enforcer, pools: UpstreamPool.Limits = UpstreamPool.Limits(),
                logger: Logger, clock: SessionClock = .continuous) {
        self.limits = limits
        self.clock = clock
        self.replica = replica
        self.enforcer = enforcer
        self.pools = UpstreamPools(limits: pools, enforcer: enforcer, logger: logger)
        self.logger = logger
    }

    /// Opens a session for `grant` on the route's server.
    public func open(grant: String, route: UpstreamRoute) throws(OpenError) -> GatewaySession {
        let session = GatewaySession(id: GatewaySession.newID(replica: replica), grant: grant, route: route, enforcer: enforcer, logger: logger,
                                     clock: clock)
        let result = state.withLock { state -> Result<Void, OpenError> in
            if state.shuttingDown { return .failure(.shuttingDown) }
            let count = state.perGrant[grant, default: 0]
            guard count < limits.maxSessionsPerGrant else {
                return .failure(.tooManySessions(grant: grant, limit: limits.maxSessionsPerGrant))
            }
            state.perGrant[grant] = count + 1
            state.sessions[session.id] = session
            return .success(())
        }
        try result.get()
        enforcer.metrics.sessionOpened()
        return session
    }

    /// Records that a session's `initialize` succeeded (its `session_opened` audit row).
    public func opened(_ session: GatewaySession) async {
        await enforcer.recordSession(.sessionOpened, server: session.server, grant: session.grant, session: session.id)
    }

    /// Logs and audits a message from an agent refused before it reached a session
    /// (``JSONRPCEnvelopeRules``). `sessionID` is recorded when it names this grant's session on `server`.
    public func recordRefused(_ problem: JSONRPCEnvelopeProblem, method: String?, server: String, grant: String,
                              sessionID: String?) async {
        let session = sessionID.flatMap(session(id:)).flatMap { $0.grant == grant && $0.server == server ? $0.id : nil }
        logger.warning("refused a message from the agent: \(problem)", metadata: ["server": "\(server)", "grant": "\(grant)"])
        await enforcer.recordRefusedMessage(problem, method: method, from: .agent, server: server, grant: grant, session: session)
    }

    /// The sessionless request path, sharing this registry's enforcer.
    public var stateless: StatelessGateway { StatelessGateway(enforcer: enforcer, pools: pools, logger: logger) }

    public func session(id: String) -> GatewaySession? {
        state.withLock { $0.sessions[id] }
    }

    public var count: Int { state.withLock { $0.sessions.count } }

    /// Open sessions per server name (servers without one are absent).
    public var countsByServer: [String: Int] {
        state.withLock { state in
            state.sessions.values.reduce(into: [:]) { counts, session in counts[session.server, default: 0] += 1 }
        }
    }

    /// Removes and closes a session (DELETE, a failed initialize, idle expiry).
    public func close(_ session: GatewaySession, reason: String, audited: Bool = true, interrupting: Bool = false) async {
        let removed = state.withLock { state -> Bool in
            guard state.sessions.removeValue(forKey: session.id) != nil else { return false }
            state.perGrant[session.grant, default: 1] -= 1
            if state.perGrant[session.grant] == 0 { state.perGrant.removeValue(forKey: session.grant) }
            return true
        }
        guard removed else { return }
        enforcer.metrics.sessionClosed()
        await session.close(reason: reason, interrupting: interrupting)
        if audited {
            await enforcer.recordSession(.sessionClosed, server: session.server, grant: session.grant, session: session.id, reason: reason)
        }
    }

    /// Times out overdue requests, closes idle upstreams and idle sessions, every
    /// `sweepInterval`, until the task is cancelled.
    public func runSweeper() async {
        while !Task.isCancelled {
            do {
                try await clock.sleep(limits.sweepInterval)
            } catch {
                return
            }
            await sweep(now: clock.now())
        }
    }

    func sweep(now: ContinuousClock.Instant) async {
        await pools.sweep(now: now)
        let sessions = state.withLock { Array($0.sessions.values) }
        for session in sessions {
            await session.sweep(now: now)
            if let reason = expiry(of: session, now: now) {
                logger.info("closing the session: \(reason)", metadata: ["session": "\(session.id.prefix(8))", "server": "\(session.server)"])
                await close(session, reason: reason)
            } else {
                await session.closeIdleUpstream(now: now)
            }
        }
    }

    /// Why the session is to be closed now, if it is: idle, or abandoned (idle with no stream open).
    private func expiry(of session: GatewaySession, now: ContinuousClock.Instant) -> String? {
        if session.isIdle(now: now, idle: limits.sessionIdle) {
            return "idle for \(limits.sessionIdle.components.seconds) s"
        }
        if session.isIdle(now: now, idle: limits.abandonedSession, withoutStream: true) {
            return "abandoned: no request and no open stream for \(limits.abandonedSession.components.seconds) s"
        }
        return nil
    }

    /// Refuses new sessions and closes every open one (their upstream processes with them).
    public func closeAll(reason: String) async {
        let sessions = state.withLock { state -> [GatewaySession] in
            state.shuttingDown = true
            return Array(state.sessions.values)
        }
        await withTaskGroup(of: Void.self) { group in
            for session in sessions {
                group.addTask { await self.close(session, reason: reason, interrupting: true) }
            }
            group.addTask { await self.pools.closeAll() }
        }
    }
}
