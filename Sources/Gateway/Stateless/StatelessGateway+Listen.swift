import JSON
import Logging

/// `subscriptions/listen` at 2026-07-28: a long-lived request answered with a stream.
extension StatelessGateway {
    /// How a listen request is answered: a stream to run, or an error at once.
    public enum ListenOpening: Sendable {
        case stream(ListenSubscription)
        case refused(Reply)
    }

    /// Opens the route's server's subscription asked for by `message` (a `subscriptions/listen`
    /// request of `grant`'s). The pool that serves the grant gets a connection, if it has none,
    /// so that the upstream's own changes have a way in; while the stream runs, the pool holds the
    /// upstream's `resources/subscribe` of its URIs (``ResourceSubscriptions``).
    public func listen(_ message: JSONRPCMessage, grant: String, route: UpstreamRoute) async -> ListenOpening {
        guard message.kind == .request, let id = message.id else {
            return .refused(error(.badRequest, id: message.id, code: JSONRPCErrorCode.invalidRequest, "Invalid Request: subscriptions/listen is a request"))
        }
        guard let filter = ListenFilter(params: message.decodedParams()) else {
            return .refused(error(.ok, id: id, code: JSONRPCErrorCode.invalidParams,
                                  "Invalid params: params.notifications must be an object of toolsListChanged, promptsListChanged, resourcesListChanged (booleans) and resourceSubscriptions (strings)"))
        }
        let pool = pools.pool(for: route, grant: grant)
        Task { [logger] in
            do {
                _ = try await pool.connection()
            } catch {
                logger.info("listen stream of \(route.server) has no upstream connection for the upstream's changes: \(error)")
            }
        }
        return .stream(ListenSubscription(id: id, server: route.server, filter: filter.honoured, audit: await enforcer.audit.store,
                                          timing: streamTiming, upstream: pool.listeners))
    }
}
