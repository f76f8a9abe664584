import Gateway
import Logging
import ServiceLifecycle
import Store

/// The gateway's background work as a service, for `gatehouse serve`: the runtime's loops
/// (``GatewayRuntime/loops``). On graceful shutdown it closes every session first — their
/// upstream processes with them — so the HTTP server can then finish, and writes the last
/// audit rows.
public struct GatewayService: Service {
    let runtime: GatewayRuntime
    let logger: Logger

    public init(runtime: GatewayRuntime, logger: Logger) {
        self.runtime = runtime
        self.logger = logger
    }

    public func run() async throws {
        let registry = runtime.assembly.registry
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await runtime.runLoops() }
            try? await gracefulShutdown()
            logger.info("shutting down: closing \(registry.count) session(s) and their upstreams")
            await registry.closeAll(reason: "the gateway is shutting down")
            group.cancelAll()
        }
        do {
            try await runtime.assembly.audit.flush()
        } catch {
            logger.error("could not write the last audit rows: \(error)")
        }
    }
}
