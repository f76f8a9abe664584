import JSON
import NIOCore
import Upstream

/// How requests end (answered with an error, abandoned, timed out) and how the session does:
/// keep-alives and deadlines on each sweep, the idle upstream closed, the session closed.
extension GatewaySession {
    // MARK: - Ending requests

    /// Removes a pending request and its progress token.
    func take(_ id: RequestID) -> PendingRequest? {
        state.withLock { $0.take(id) }
    }

    /// Answers a pending request with an error and settles it.
    func fail(_ id: RequestID, code: Int, message: String, end: CallEnd) async {
        guard let pending = take(id) else { return }
        await settle(pending, code: code, message: message, end: end)
    }

    func settle(_ pending: PendingRequest, code: Int, message: String, end: CallEnd) async {
        pending.output.yield(.response(GatewayMessages.error(id: pending.id, code: code, message: message)))
        pending.output.finish()
        if let call = pending.call { await enforcer.finish(call, end: end) }
    }

    /// The agent stopped waiting (it disconnected): the upstream is told to cancel the work.
    public func abandon(_ id: RequestID, reason: String) async {
        if withdraw(id, reason: reason) { return }
        guard let pending = take(id) else { return }
        logger.info("request \(id) (\(pending.method)) abandoned: \(reason)")
        await forward(GatewayMessages.cancelled(id, reason: reason), what: "notifications/cancelled")
        if let call = pending.call { await enforcer.finish(call, end: .cancelled) }
    }

    // MARK: - Timeouts

    /// Sends keep-alives to waiting requests and times out those past their deadline (called by ``SessionRegistry``'s sweeper).
    func sweep(now: ContinuousClock.Instant) async {
        let overdue = state.withLock { state -> [PendingRequest] in
            for pending in state.keepAlivesDue(now: now, interval: Self.keepAliveInterval) {
                pending.output.yield(.keepAlive)
            }
            for (held, ticks) in state.ticksDue(now: now, interval: Self.keepAliveInterval) {
                Self.tick(held, ticks: ticks)
            }
            return state.takeOverdue(now: now)
        }
        upstream.sweep(now: now)
        for request in overdue {
            let seconds = route.timeout(for: request.method).components.seconds
            let message = "upstream \(route.server) did not answer \(request.method) within \(seconds) s; the gateway cancelled the request"
            logger.warning("\(message)")
            await forward(GatewayMessages.cancelled(request.id, reason: "timed out in the gateway after \(seconds) s"),
                          what: "notifications/cancelled")
            await settle(request, code: JSONRPCErrorCode.requestTimeout, message: message, end: .timeout)
        }
    }

    // MARK: - Lifecycle

    func touch() {
        let now = clock.now()
        state.withLock { $0.lastActivity = now }
    }

    /// Whether the agent has been silent for `idle` with nothing in flight (`withoutStream`:
    /// and no standalone stream open either).
    func isIdle(now: ContinuousClock.Instant, idle: Duration, withoutStream: Bool = false) -> Bool {
        state.withLock { $0.isIdle(now: now, idle: idle, withoutStream: withoutStream) }
    }

    /// Closes the upstream connection when it has been unused for the route's idle timeout;
    /// the next request opens a new one.
    func closeIdleUpstream(now: ContinuousClock.Instant) async {
        guard let idle = route.idleTimeout, state.withLock({ $0.pending.isEmpty }),
              let link = upstream.takeIfIdle(now: now, idle: idle) else { return }
        logger.info("upstream idle for \(idle.components.seconds) s: closing it until the next request")
        await link.connection.close()
    }

    /// Ends the session: requests in flight get an error, the standalone stream ends, the
    /// upstream connection is closed (its process group killed, for stdio). Idempotent.
    /// `interrupting`: the gateway is shutting down, so calls held for approval are recorded as
    /// interrupted rather than withdrawn by their agents.
    public func close(reason: String, interrupting: Bool = false) async {
        guard let (pending, held) = state.withLock({ $0.close() }) else { return }
        for request in held {
            request.withdrawal.fire("the session ended (\(reason))", as: interrupting ? .interrupted : .withdrawn)
        }
        for request in pending {
            await settle(request, code: JSONRPCErrorCode.internalError, message: "the session ended (\(reason))", end: .cancelled)
        }
        await upstream.close()
    }

    public var isClosed: Bool { state.withLock { $0.closed } }
}
