import Synchronization
import Upstream

/// The upstream connection behind one client of the gateway: opened on first use, numbered by
/// generation so late events of an old connection are told apart, dropped when it closes (the
/// next use opens a fresh one) or when idle, and the carrier of the gateway's own requests
/// (ids `gatehouse-…`, such as a replayed `initialize`) with their deadlines.
///
/// It knows nothing of agents: what a fresh connection needs before it is used (a reader, a
/// replayed `initialize`) is the `prepare` step its owner passes to ``link(opening:)``.
final class UpstreamLinkManager: Sendable {
    let route: UpstreamRoute
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state: Mutex<State>

    /// How a missing connection is to be opened, or why it must not be.
    enum Opening: Sendable {
        /// Open one, then run `prepare` on it before anyone else may use it.
        case open(prepare: @Sendable (UpstreamLink) async throws -> Void)
        case refused(SessionError)
    }

    /// A request the gateway sent upstream itself.
    private struct OwnRequest {
        var answer: AsyncStream<Result<JSONRPCMessage, SessionError>>.Continuation
        var deadline: ContinuousClock.Instant
        var generation: Int
        var method: String

        func end(_ result: Result<JSONRPCMessage, SessionError>) {
            answer.yield(result)
            answer.finish()
        }
    }

    private struct State {
        var link: UpstreamLink?
        var connecting: Task<UpstreamLink, any Error>?
        var generation = 0
        var own: [RequestID: OwnRequest] = [:]
        var ownCounter = 0
        var lastUse: ContinuousClock.Instant
        var closed = false
    }

    init(route: UpstreamRoute, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.route = route
        self.now = now
        state = Mutex(State(lastUse: now()))
    }

    /// The live connection, if one is up.
    var current: UpstreamLink? { state.withLock { $0.link } }

    /// Whether the gateway's own requests are waiting on the upstream.
    var hasOwnRequests: Bool { state.withLock { !$0.own.isEmpty } }

    /// Notes that the connection carries a request now (it is not idle).
    func used() {
        let now = now()
        state.withLock { $0.lastUse = now }
    }

    /// The live connection; when there is none, one being opened, or a fresh one per `opening`
    /// (asked under the manager's lock: it must not lock anything itself).
    func link(opening: () -> Opening) async throws(SessionError) -> UpstreamLink {
        enum Found { case ready(UpstreamLink), starting(Task<UpstreamLink, any Error>) }
        let found = state.withLock { state -> Result<Found, SessionError> in
            if state.closed { return .failure(.closed) }
            if let link = state.link { return .success(.ready(link)) }
            if let task = state.connecting { return .success(.starting(task)) }
            let prepare: @Sendable (UpstreamLink) async throws -> Void
            switch opening() {
            case .refused(let error): return .failure(error)
            case .open(let step): prepare = step
            }
            state.generation += 1
            let generation = state.generation
            let task = Task { () async throws -> UpstreamLink in
                try await self.connect(generation: generation, prepare: prepare)
            }
            state.connecting = task
            return .success(.starting(task))
        }
        switch found {
        case .failure(let error): throw error
        case .success(.ready(let link)): return link
        case .success(.starting(let task)): return try await SessionError.awaiting(task, server: route.server)
        }
    }

    private func connect(generation: Int, prepare: @Sendable (UpstreamLink) async throws -> Void) async throws -> UpstreamLink {
        do {
            let connection: any UpstreamConnection
            do {
                connection = try await route.connect()
            } catch {
                throw SessionError.upstreamUnavailable(server: route.server, reason: "\(error)")
            }
            let link = UpstreamLink(connection: connection, generation: generation)
            do {
                try await prepare(link)
            } catch {
                await connection.close()
                throw error
            }
            let now = now()
            let stillOpen = state.withLock { state -> Bool in
                state.connecting = nil
                guard !state.closed else { return false }
                state.link = link
                state.lastUse = now
                return true
            }
            guard stillOpen else {
                await connection.close()
                throw SessionError.closed
            }
            return link
        } catch {
            state.withLock { $0.connecting = nil }
            throw error
        }
    }

    // MARK: - The gateway's own requests

    /// Sends a request of the gateway's own (id `gatehouse-<method>-N`) and waits for its
    /// answer, an error when the connection closes, or a timeout at the method's deadline.
    func request(_ method: String, paramsJSON: String?, on link: UpstreamLink) async throws(SessionError) -> JSONRPCMessage {
        let (answers, continuation) = AsyncStream.makeStream(of: Result<JSONRPCMessage, SessionError>.self, bufferingPolicy: .unbounded)
        let deadline = now() + route.timeout(for: method)
        let id = state.withLock { state -> RequestID in
            state.ownCounter += 1
            let id = RequestID.string("\(RequestID.gatewayPrefix)\(method)-\(state.ownCounter)")
            state.own[id] = OwnRequest(answer: continuation, deadline: deadline, generation: link.generation, method: method)
            return id
        }
        do {
            try await link.connection.send(GatewayMessages.request(id: id, method: method, paramsJSON: paramsJSON))
        } catch {
            state.withLock { _ = $0.own.removeValue(forKey: id) }
            throw .upstreamUnavailable(server: route.server, reason: "\(error)")
        }
        for await answer in answers { return try answer.get() }
        throw .closed
    }

    /// Hands an upstream response to the own request it answers; false when it answers none.
    func answerOwn(_ message: JSONRPCMessage) -> Bool {
        guard let id = message.id, id.isGatewayOwn, let own = state.withLock({ $0.own.removeValue(forKey: id) }) else { return false }
        own.end(.success(message))
        return true
    }

    /// Fails the own request `id` (its answer was refused); false when there is none.
    func failOwn(_ id: RequestID, reason: String) -> Bool {
        guard id.isGatewayOwn, let own = state.withLock({ $0.own.removeValue(forKey: id) }) else { return false }
        own.end(.failure(.upstreamUnavailable(server: route.server, reason: reason)))
        return true
    }

    // MARK: - Ends

    /// The connection closed: it is no longer current, and the own requests it carried fail.
    func closed(_ link: UpstreamLink, closure: UpstreamClosure) {
        let own = state.withLock { state -> [OwnRequest] in
            if state.link?.generation == link.generation { state.link = nil }
            let ids = state.own.filter { $0.value.generation == link.generation }.map(\.key)
            return ids.compactMap { state.own.removeValue(forKey: $0) }
        }
        for request in own {
            request.end(.failure(.upstreamUnavailable(server: route.server, reason: closure.description)))
        }
    }

    /// Fails the own requests past their deadline.
    func sweep(now: ContinuousClock.Instant) {
        let overdue = state.withLock { state -> [OwnRequest] in
            state.own.filter { $0.value.deadline <= now }.map(\.key).compactMap { state.own.removeValue(forKey: $0) }
        }
        for request in overdue {
            let seconds = route.timeout(for: request.method).components.seconds
            request.end(.failure(.upstreamUnavailable(server: route.server, reason: "no answer to the replayed \(request.method) within \(seconds) s")))
        }
    }

    /// Takes the connection away when it has been unused for `idle` and carries no own request;
    /// the caller closes it.
    func takeIfIdle(now: ContinuousClock.Instant, idle: Duration) -> UpstreamLink? {
        state.withLock { state -> UpstreamLink? in
            guard let link = state.link, state.own.isEmpty, now - state.lastUse >= idle else { return nil }
            state.link = nil
            return link
        }
    }

    /// Closes for good: own requests fail, a connection being opened is abandoned, the live one
    /// is closed. Idempotent.
    func close() async {
        let (link, connecting, own) = state.withLock { state -> (UpstreamLink?, Task<UpstreamLink, any Error>?, [OwnRequest]) in
            guard !state.closed else { return (nil, nil, []) }
            state.closed = true
            let own = Array(state.own.values)
            state.own.removeAll()
            defer { state.link = nil; state.connecting = nil }
            return (state.link, state.connecting, own)
        }
        for request in own { request.end(.failure(.closed)) }
        connecting?.cancel()
        if let connecting, let late = try? await connecting.value { await late.connection.close() }
        await link?.connection.close()
    }
}
