import JSON
import Logging
import NIOCore

/// The `resources/subscribe` requests a pool's upstream holds on behalf of its listen streams,
/// kept in line with what the open streams ask for: a URI is subscribed once, when the first
/// stream wants it, and unsubscribed when the last one that wanted it ends — on the connection
/// that took the subscription. The reference count is the open streams themselves (``ListenHub``).
///
/// Only an upstream initialized at an older revision has the methods; a 2026-07-28 one is left
/// alone (it announces through listen streams of its own, which the gateway does not hold open).
/// One task per pool runs ``reconcile(wanted:pool:)`` after each change, so requests for one URI
/// never overtake each other.
struct ResourceSubscriptions {
    /// URIs the upstream took a subscription for, and the connection that took it.
    private(set) var held: [String: PooledUpstream] = [:]
    /// URIs the upstream refused (or could not be asked about), not asked again while still wanted.
    private(set) var refused: Set<String> = []

    /// Subscribes what `wanted` holds and the upstream does not, and unsubscribes what it no longer
    /// holds. A subscription whose connection closed (crashed, reaped) is taken again on another.
    mutating func reconcile(wanted: Set<String>, pool: UpstreamPool) async {
        refused.formIntersection(wanted)
        for (uri, upstream) in held where !wanted.contains(uri) || upstream.isClosed {
            held[uri] = nil
            if !upstream.isClosed { await Self.ask(upstream, "resources/unsubscribe", uri, pool: pool) }
        }
        for uri in wanted.sorted() where held[uri] == nil && !refused.contains(uri) {
            guard let upstream = try? await pool.connection(), !upstream.speaksSessionless else { return }
            if await Self.ask(upstream, "resources/subscribe", uri, pool: pool) {
                held[uri] = upstream
            } else {
                refused.insert(uri)
            }
        }
    }

    /// Sends `method` for `uri`; whether the upstream took it (a failure is logged).
    @discardableResult
    private static func ask(_ upstream: PooledUpstream, _ method: String, _ uri: String, pool: UpstreamPool) async -> Bool {
        let params = ByteBuffer(string: JSONWriter().string(["uri": .string(uri)]))
        let answer = await upstream.request(method: method, params: params, timeout: pool.route.timeout(for: method))
        if case .message(let message, _) = answer, message.kind == .response { return true }
        pool.logger.info("upstream \(pool.route.server) did not take \(method) of \(uri): \(UpstreamPool.describe(answer))")
        return false
    }
}
