import Logging
import Synchronization

/// Every server's ``UpstreamPool``, made on a server's first sessionless request: one per
/// server, or one per server and grant when the server's ``UpstreamScope`` is `grant`.
public final class UpstreamPools: Sendable {
    public let limits: UpstreamPool.Limits
    let enforcer: Enforcer
    let logger: Logger
    private let state = Mutex<[String: UpstreamPool]>([:])

    public init(limits: UpstreamPool.Limits = UpstreamPool.Limits(), enforcer: Enforcer, logger: Logger) {
        self.limits = limits
        self.enforcer = enforcer
        self.logger = logger
    }

    /// The pool that serves `grant` on the route's server.
    public func pool(for route: UpstreamRoute, grant: String) -> UpstreamPool {
        let key = Self.key(server: route.server, grant: route.upstreamScope == .grant ? grant : nil)
        return state.withLock { pools in
            if let pool = pools[key] { return pool }
            let pool = UpstreamPool(route: route, limits: limits, enforcer: enforcer, logger: logger)
            pools[key] = pool
            return pool
        }
    }

    /// A pool's key: the server's name, and the grant's (after a NUL, which no name holds) for a per-grant pool.
    private static func key(server: String, grant: String?) -> String {
        grant.map { "\(server)\u{0}\($0)" } ?? server
    }

    /// Ready connections per server, summed over its pools (servers without a pool are absent).
    public var countsByServer: [String: Int] {
        state.withLock { pools in
            pools.values.reduce(into: [:]) { counts, pool in counts[pool.route.server, default: 0] += pool.count }
        }
    }

    func sweep(now: ContinuousClock.Instant) async {
        for pool in state.withLock({ Array($0.values) }) { await pool.sweep(now: now) }
    }

    /// Closes every pool's connections (shutdown).
    public func closeAll() async {
        let pools = state.withLock { Array($0.values) }
        await withTaskGroup(of: Void.self) { group in
            for pool in pools { group.addTask { await pool.close() } }
        }
    }
}
