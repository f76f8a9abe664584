import Gateway
import Logging
import ServiceLifecycle
import Store

/// The gateway's background work as a service: the request sweeper, the audit writer and any
/// other loops (policy reloads, store maintenance). On graceful shutdown it closes every
/// session first — their upstream processes with them — so the HTTP server can then finish.
public struct GatewayService: Service {
    let registry: SessionRegistry
    let audit: AuditLog
    let background: [@Sendable () async -> Void]
    let logger: Logger

    public init(registry: SessionRegistry, audit: AuditLog, background: [@Sendable () async -> Void] = [], logger: Logger) {
        self.registry = registry
        self.audit = audit
        self.background = background
        self.logger = logger
    }

    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await registry.runSweeper() }
            group.addTask { await audit.run() }
            for work in background {
                group.addTask { await work() }
            }
            try? await gracefulShutdown()
            logger.info("shutting down: closing \(registry.count) session(s) and their upstreams")
            await registry.closeAll(reason: "the gateway is shutting down")
            group.cancelAll()
        }
        do {
            try await audit.flush()
        } catch {
            logger.error("could not write the last audit rows: \(error)")
        }
    }
}
