import Logging
import Synchronization

/// Every server's ``UpstreamPool``, made on a server's first sessionless request.
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

    /// The pool of the route's server.
    public func pool(for route: UpstreamRoute) -> UpstreamPool {
        state.withLock { pools in
            if let pool = pools[route.server] { return pool }
            let pool = UpstreamPool(route: route, limits: limits, enforcer: enforcer, logger: logger)
            pools[route.server] = pool
            return pool
        }
    }

    /// Ready connections per server (servers without a pool are absent).
    public var countsByServer: [String: Int] {
        state.withLock { $0.mapValues(\.count) }
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
