import JSON
import Logging
import Store
import Synchronization
import Upstream

/// A server's ready upstream connections for sessionless (2026-07-28) requests, which belong to
/// no session: any request may use any connection.
///
/// An HTTP upstream is first asked `server/discover` at 2026-07-28: when it offers that revision
/// its connection is used without a session (no `initialize`; every request carries its
/// `_meta` and headers, and one connection carries any number of requests). Otherwise — and
/// for stdio — each connection is started and initialized once by the gateway, speaking the
/// upstream's own revision, then shared (``PooledUpstream`` multiplexes requests on it). The pool starts one on
/// the first request, another in the background whenever every connection is busy (up to
/// ``Limits/maxConnections``), closes connections unused for ``Limits/idle``, and drops a crashed
/// one at once: the next request starts a fresh one.
public final class UpstreamPool: Sendable {
    public struct Limits: Sendable {
        /// At most this many connections (processes, for stdio) per server.
        public var maxConnections: Int
        /// A connection with this many requests in flight is busy: a new one is started beside it.
        public var busyAt: Int
        /// A connection unused this long is closed (the last one too: the next request starts one).
        public var idle: Duration

        public init(maxConnections: Int = 4, busyAt: Int = 4, idle: Duration = .seconds(300)) {
            self.maxConnections = maxConnections
            self.busyAt = busyAt
            self.idle = idle
        }
    }

    /// What the gateway sends as `initialize` on its own connections: no client capabilities,
    /// since nothing the upstream asks of a client can reach a sessionless agent.
    static let initializeParams =
        #"{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"gatehouse","title":"Gatehouse MCP gateway","version":"1"}}"#

    public let route: UpstreamRoute
    public let limits: Limits
    let enforcer: Enforcer
    let logger: Logger
    /// The pool's listen streams, told of what its upstream connections report.
    let listeners = ListenHub()
    /// The `x-mcp-header` annotations of the upstream's tools, from its listings.
    let paramHeaders = ToolParamHeaders()
    private let state = Mutex(State())

    private struct State {
        var ready: [PooledUpstream] = []
        /// Connections still answering the gateway's `initialize` (the sweeper times them out too).
        var initializing: [PooledUpstream] = []
        var starting: Task<PooledUpstream, any Error>?
        var counter = 0
        var closed = false
        /// The upstream's `initialize` result (capabilities, serverInfo, instructions): `server/discover` merges it.
        var initializeResult: JSONValue?
    }

    init(route: UpstreamRoute, limits: Limits, enforcer: Enforcer, logger: Logger) {
        self.route = route
        self.limits = limits
        self.enforcer = enforcer
        var logger = logger
        logger[metadataKey: "server"] = "\(route.server)"
        self.logger = logger
        keepSubscriptions()
    }

    /// Runs, until the pool closes, the one task that keeps the upstream's `resources/subscribe`
    /// in line with the open listen streams (``ResourceSubscriptions``).
    private func keepSubscriptions() {
        Task { [weak self, listeners] in
            var subscriptions = ResourceSubscriptions()
            for await _ in listeners.openings {
                guard let self else { return }
                await subscriptions.reconcile(wanted: listeners.resourceSubscriptions, pool: self)
            }
        }
    }

    private enum Choice {
        case ready(PooledUpstream)
        case wait(Task<PooledUpstream, any Error>)
    }

    /// A ready connection: the least busy one, or a new one when there is none.
    func connection() async throws(SessionError) -> PooledUpstream {
        let choice = state.withLock { state -> Result<Choice, SessionError> in
            if state.closed { return .failure(.closed) }
            // A connection whose upstream just died may not be out of the pool yet: never pick it.
            state.ready.removeAll { $0.isClosed }
            let best = state.ready.min { $0.inFlight < $1.inFlight }
            if let best {
                // A sessionless HTTP upstream takes every request as its own POST: never busy.
                if !best.speaksSessionless, best.inFlight >= limits.busyAt, state.starting == nil, state.ready.count < limits.maxConnections {
                    state.starting = start(&state)
                }
                return .success(.ready(best))
            }
            let task = state.starting ?? start(&state)
            state.starting = task
            return .success(.wait(task))
        }
        switch choice {
        case .failure(let error): throw error
        case .success(.ready(let upstream)): return upstream
        case .success(.wait(let task)):
            return try await SessionError.awaiting(task, server: route.server)
        }
    }

    /// The upstream's `initialize` result, starting a connection if none has answered yet.
    func initializeResult() async throws(SessionError) -> JSONValue {
        if let known = state.withLock({ $0.initializeResult }) { return known }
        _ = try await connection()
        return state.withLock { $0.initializeResult } ?? .emptyObject
    }

    private func start(_ state: inout State) -> Task<PooledUpstream, any Error> {
        state.counter += 1
        let number = state.counter
        return Task { try await self.open(number: number) }
    }

    /// Starts, reads and initializes one connection, then puts it in the pool.
    private func open(number: Int) async throws -> PooledUpstream {
        do {
            let upstream = try await initialized(number: number)
            let added = state.withLock { state -> Bool in
                state.starting = nil
                guard !state.closed else { return false }
                state.ready.append(upstream)
                return true
            }
            guard added else {
                await upstream.close()
                throw SessionError.closed
            }
            logger.info("pooled upstream connection \(number) ready")
            return upstream
        } catch {
            state.withLock { $0.starting = nil }
            throw error
        }
    }

    private func initialized(number: Int) async throws(SessionError) -> PooledUpstream {
        let connection: any UpstreamConnection
        do {
            connection = try await route.connect()
        } catch {
            throw .upstreamUnavailable(server: route.server, reason: "\(error)")
        }
        let upstream = PooledUpstream(connection: connection, server: route.server, number: number, logger: logger) { [weak self] report in
            await self?.received(report)
        }
        state.withLock { $0.initializing.append(upstream) }
        defer { state.withLock { $0.initializing.removeAll { $0 === upstream } } }
        Task {
            let closure = await upstream.run()
            await self.closed(upstream, closure: closure)
        }
        if connection is HTTPUpstream, let discovered = await discover(upstream) {
            state.withLock { $0.initializeResult = discovered }
            logger.info("upstream \(route.server) speaks \(ProtocolVersions.sessionless): pooled connection \(number) is used without a session")
            return upstream
        }
        let answer = await upstream.request(method: "initialize", params: .init(string: Self.initializeParams),
                                            timeout: route.timeout(for: "initialize"))
        guard case .message(let message, _) = answer, message.kind == .response else {
            await upstream.close()
            throw .upstreamUnavailable(server: route.server, reason: "it did not accept the gateway's initialize (\(Self.describe(answer)))")
        }
        do {
            try await connection.send(GatewayMessages.notification(method: "notifications/initialized"))
        } catch {
            await upstream.close()
            throw .upstreamUnavailable(server: route.server, reason: "\(error)")
        }
        let result = message.decodedResult() ?? .emptyObject
        state.withLock { $0.initializeResult = result }
        return upstream
    }

    /// Asks the upstream `server/discover` at 2026-07-28; when it offers that revision, leaves the
    /// connection sessionless and returns what it said of itself in the shape of an `initialize`
    /// result (capabilities, serverInfo, instructions). Nil (and the connection as it was) otherwise:
    /// an older server refuses the request (no session, unknown method) and is initialized instead.
    private func discover(_ upstream: PooledUpstream) async -> JSONValue? {
        upstream.speaksSessionless = true
        let answer = await upstream.request(method: "server/discover", params: nil, timeout: route.timeout(for: "initialize"))
        guard case .message(let message, _) = answer, message.kind == .response, let result = message.decodedResult(),
              result["supportedVersions"]?.arrayValue?.contains(.string(ProtocolVersions.sessionless)) == true else {
            upstream.speaksSessionless = false
            logger.debug("upstream \(route.server) does not offer \(ProtocolVersions.sessionless) (\(Self.describe(answer))): initializing it")
            return nil
        }
        var initialize: JSONObject = ["protocolVersion": .string(ProtocolVersions.sessionless),
                                      "capabilities": result["capabilities"] ?? .emptyObject]
        if let info = result["_meta"]?[StatelessDiscovery.serverInfoKey] { initialize["serverInfo"] = info }
        if let instructions = result["instructions"] { initialize["instructions"] = instructions }
        return .object(initialize)
    }

    static func describe(_ answer: PooledUpstream.Answer) -> String {
        switch answer {
        case .message(let message, _): return message.errorSummary ?? "no result"
        case .failed(let reason, _): return reason
        case .timedOut(let timeout): return "no answer within \(timeout.components.seconds) s"
        case .cancelled: return "cancelled"
        }
    }

    /// What a connection reported: a change goes to the listen streams, a refused request of the
    /// upstream's is logged and audited.
    private func received(_ report: PooledUpstream.Report) async {
        switch report {
        case .change(let change):
            listeners.publish(change)
        case .refusedRequest(let refusal):
            logger.warning("refused a request of the upstream's: \(refusal.reason)")
            enforcer.metrics.messageRefused(server: route.server)
            await enforcer.record(AuditEntry(time: enforcer.clock.now(), kind: .messageRefused, server: route.server,
                                             decision: "refused", rule: "gateway", reason: refusal.reason,
                                             detail: ["from": "upstream", "method": .string(refusal.method), "pooled": true,
                                                      "code": .int(Int64(JSONRPCErrorCode.missingRequiredClientCapability))]))
        }
    }

    /// A connection ended: out of the pool; a crash is logged, counted and audited.
    private func closed(_ upstream: PooledUpstream, closure: UpstreamClosure?) async {
        state.withLock { $0.ready.removeAll { $0 === upstream } }
        guard let closure, closure.cause != .closedByGatehouse else { return }
        logger.warning("pooled \(closure); the next request starts a fresh one")
        enforcer.metrics.upstreamCrashed(server: route.server)
        await enforcer.record(AuditEntry(time: enforcer.clock.now(), kind: .upstreamCrashed, server: route.server,
                                         reason: closure.description, detail: ["pooled": true]))
    }

    /// Times out overdue requests and closes connections idle for ``Limits/idle`` (all but one
    /// while a listen stream is open).
    func sweep(now: ContinuousClock.Instant) async {
        let (all, idle) = state.withLock { state -> ([PooledUpstream], [PooledUpstream]) in
            var idle = state.ready.filter { $0.isIdle(now: now, idle: limits.idle) }
            // An open listen stream keeps one connection: the upstream's changes arrive on it.
            if listeners.openCount > 0, idle.count == state.ready.count, !idle.isEmpty { idle.removeFirst() }
            state.ready.removeAll { upstream in idle.contains { $0 === upstream } }
            return (state.ready + state.initializing + idle, idle)
        }
        for upstream in all { upstream.sweep(now: now) }
        for upstream in idle {
            logger.info("pooled upstream connection \(upstream.number) idle for \(limits.idle.components.seconds) s: closing it")
            await upstream.close()
        }
        // A subscription on a connection that closed (reaped, crashed) is taken again on another.
        if listeners.openCount > 0 { listeners.nudge() }
    }

    /// Number of ready connections.
    public var count: Int { state.withLock { $0.ready.count } }

    /// Closes every connection and refuses new requests.
    func close() async {
        let (ready, starting) = state.withLock { state -> ([PooledUpstream], Task<PooledUpstream, any Error>?) in
            state.closed = true
            listeners.finish()
            defer { state.ready.removeAll(); state.starting = nil }
            return (state.ready, state.starting)
        }
        starting?.cancel()
        if let starting, let late = try? await starting.value { await late.close() }
        for upstream in ready { await upstream.close() }
    }
}
