import JSON
import Logging
import NIOCore
import Synchronization
import Upstream

/// One connection of a server's pool: initialized once by the gateway, in the upstream's own
/// revision, then shared by any number of sessionless requests at a time.
///
/// Requests go out under ids of the gateway's own (`gatehouse-pool-…`), so agents' ids never
/// collide on the shared connection; the answer comes back to the request that waits for it.
/// Progress goes to the request it belongs to (the gateway forwards its own id as the progress
/// token), list changes and resource updates to the pool (``Report``), both rebuilt by
/// ``UpstreamNotice``. What the upstream asks of a client (sampling, elicitation, roots) gets
/// -32021: the gateway declared no such capability on the connection (see ``UpstreamRequestRefusal``).
///
/// An upstream that speaks 2026-07-28 itself is used without a session at all
/// (``speaksSessionless``): every request carries the `_meta` and headers a client must send.
final class PooledUpstream: Sendable {
    /// How a request on the connection ended.
    enum Answer: Sendable {
        /// The upstream answered (or its transport wrote an error for it).
        case message(JSONRPCMessage, TransportFailure?)
        /// The connection failed; `written` when the request had reached it (it may have acted).
        case failed(String, written: Bool)
        /// No answer within the timeout; the upstream was told to cancel.
        case timedOut(Duration)
        /// The agent went away; the upstream was told to cancel.
        case cancelled
    }

    /// What the connection tells its pool of: a change for listen streams, or a request of the
    /// upstream's that the gateway refused (to audit).
    enum Report: Sendable {
        case change(ListenChange)
        case refusedRequest(UpstreamRequestRefusal)
    }

    let connection: any UpstreamConnection
    let server: String
    /// This connection's number in its pool (ids and logs).
    let number: Int
    let logger: Logger
    let report: @Sendable (Report) async -> Void
    private let state: Mutex<State>

    private struct State {
        var pending: [RequestID: Pending] = [:]
        var counter = 0
        var closed = false
        var sessionless = false
        var lastUse: ContinuousClock.Instant
    }

    private struct Pending {
        var answer: AsyncStream<Answer>.Continuation
        var deadline: ContinuousClock.Instant
        var timeout: Duration
        var relay: InterimRelay?
    }

    init(connection: any UpstreamConnection, server: String, number: Int, logger: Logger,
         report: @escaping @Sendable (Report) async -> Void = { _ in }) {
        self.connection = connection
        self.server = server
        self.number = number
        self.logger = logger
        self.report = report
        state = Mutex(State(lastUse: .now))
    }

    /// Requests waiting for their answer.
    var inFlight: Int { state.withLock { $0.pending.count } }
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Whether requests go out at 2026-07-28, outside any session (the upstream's
    /// `server/discover` offered it); otherwise the gateway initialized the connection.
    var speaksSessionless: Bool {
        get { state.withLock { $0.sessionless } }
        set { state.withLock { $0.sessionless = newValue } }
    }

    /// Whether nothing has been asked of the connection for `idle`, and nothing waits.
    func isIdle(now: ContinuousClock.Instant, idle: Duration) -> Bool {
        state.withLock { $0.pending.isEmpty && now - $0.lastUse >= idle }
    }

    /// Sends `method` with the agent's `params` bytes (its `_meta` and trace context included)
    /// and waits for the answer, the deadline or the agent's going away. With a `relay` whose
    /// agent asked for progress, the upstream gets the gateway's id as the progress token.
    /// `paramHeaders` go with the request to an upstream used without a session (HTTP headers).
    func request(method: String, params: ByteBuffer?, timeout: Duration, relay: InterimRelay? = nil,
                 paramHeaders: [String: String] = [:]) async -> Answer {
        let (id, sessionless) = state.withLock { state -> (RequestID, Bool) in
            state.counter += 1
            state.lastUse = .now
            return (.string("\(RequestID.gatewayPrefix)pool-\(number)-\(state.counter)"), state.sessionless)
        }
        var params = params
        if relay?.agentToken != nil, let original = params {
            guard let replaced = InterimRelay.replacingProgressToken(in: original, with: id) else {
                return .failed("the request's params are not a JSON object", written: false)
            }
            params = replaced
        }
        var metadata: RequestMetadata?
        if sessionless {
            guard let request = SessionlessRequest(method: method, params: params, paramHeaders: paramHeaders,
                                                   logLevel: relay?.logLevel) else {
                return .failed("the request's params are not a JSON object", written: false)
            }
            (params, metadata) = (request.params, request.metadata)
        }
        var bytes = ByteBufferAllocator().buffer(capacity: (params?.readableBytes ?? 0) + 96)
        bytes.writeString(#"{"jsonrpc":"2.0","id":\#(id.json),"method":\#(JSONText.quoted(method))"#)
        if var params {
            bytes.writeString(#","params":"#)
            bytes.writeBuffer(&params)
        }
        bytes.writeString("}")
        let (answers, continuation) = AsyncStream.makeStream(of: Answer.self, bufferingPolicy: .bufferingNewest(1))
        let registered = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.pending[id] = Pending(answer: continuation, deadline: .now + timeout, timeout: timeout, relay: relay)
            return true
        }
        guard registered else { return .failed("the upstream connection is closed", written: false) }
        do {
            if let metadata {
                try await connection.send(bytes, metadata: metadata)
            } else {
                try await connection.send(bytes)
            }
        } catch {
            _ = take(id)
            return .failed("\(error)", written: false)
        }
        return await withTaskCancellationHandler {
            for await answer in answers { return answer }
            return .cancelled
        } onCancel: {
            self.abandon(id, with: .cancelled, reason: "the agent stopped waiting for the answer")
        }
    }

    /// Ends a waiting request with `answer` and tells the upstream to stop working on it.
    private func abandon(_ id: RequestID, with answer: Answer, reason: String) {
        guard let pending = take(id) else { return }
        pending.answer.yield(answer)
        pending.answer.finish()
        let connection = connection
        Task { try? await connection.send(GatewayMessages.cancelled(id, reason: reason)) }
    }

    private func take(_ id: RequestID) -> Pending? {
        state.withLock { $0.pending.removeValue(forKey: id) }
    }

    // MARK: - From the upstream

    /// Reads the connection until it closes; every request still waiting then fails. Returns why it closed.
    func run() async -> UpstreamClosure? {
        for await event in connection.events {
            switch event {
            case .message(let message):
                await route(message)
            case .closed(let closure):
                let waiting = state.withLock { state -> [Pending] in
                    state.closed = true
                    defer { state.pending.removeAll() }
                    return Array(state.pending.values)
                }
                for pending in waiting {
                    pending.answer.yield(.failed("\(closure)", written: true))
                    pending.answer.finish()
                }
                return closure
            }
        }
        return nil
    }

    private func route(_ upstream: UpstreamMessage) async {
        guard let message = try? JSONRPCMessage.parse(upstream.bytes) else {
            logger.warning("upstream \(server) sent a message the gateway refuses; dropped it")
            return
        }
        switch message.kind {
        case .response, .errorResponse:
            guard let id = message.id, let pending = take(id) else { return }
            pending.answer.yield(.message(message, upstream.transportFailure))
            pending.answer.finish()
        case .request:
            guard let id = message.id else { return }
            let refusal = UpstreamRequestRefusal(method: message.method ?? "", server: server)
            try? await connection.send(refusal.answer(id: id))
            if refusal.isAudited { await report(.refusedRequest(refusal)) }
        case .notification:
            await relay(UpstreamNotice(message, relatedRequestID: upstream.relatedRequestID))
        }
    }

    /// Sends a notice where it belongs: to the waiting request's stream, or to the pool.
    private func relay(_ notice: UpstreamNotice) async {
        switch notice {
        case .progress(let token, let params):
            let relay = state.withLock { $0.pending[token]?.relay }
            guard let send = relay?.send, let progress = relay?.progress(params) else {
                logger.debug("upstream \(server) sent progress for \(token), which no agent's stream asked for; dropped it")
                return
            }
            send(progress)
        case .log(let request, let params):
            guard let relay = owner(ofLogFrom: request), let send = relay.send, let message = relay.log(params) else {
                logger.debug("upstream \(server) sent a log message that no agent's streamed request asked for; dropped it")
                return
            }
            send(message)
        case .change(let change):
            await report(.change(change))
        case .ignored(let why):
            logger.debug("upstream \(server): \(why); dropped it")
        }
    }

    /// The relay of the request a log message belongs to: the one the transport names (an HTTP
    /// response stream), or — on a transport that names none (stdio) — the only request in
    /// flight, the one the upstream is working on; nil when several are (it cannot be told whose).
    private func owner(ofLogFrom request: RequestID?) -> InterimRelay? {
        state.withLock { state in
            if let request { return state.pending[request]?.relay }
            guard !connection.relatesMessagesToRequests, state.pending.count == 1 else { return nil }
            return state.pending.first?.value.relay
        }
    }

    /// Times out the requests past their deadline (the pool's sweeper calls it).
    func sweep(now: ContinuousClock.Instant) {
        let overdue = state.withLock { state in state.pending.filter { $0.value.deadline <= now } }
        for (id, pending) in overdue {
            abandon(id, with: .timedOut(pending.timeout), reason: "timed out in the gateway after \(pending.timeout.components.seconds) s")
        }
    }

    func close() async {
        await connection.close()
    }
}
