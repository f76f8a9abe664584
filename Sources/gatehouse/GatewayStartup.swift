import Foundation
import Gateway
import GatewayRuntime
import Logging
import Store

/// What `serve` and `stdio` do before they run: logging, the configuration, the stores.
enum GatewayStartup {
    /// The checked configuration and its policies; every problem printed and exit 1 otherwise.
    static func loadConfiguration(_ options: ConfigOptions, logger: Logger) throws -> (GatewayConfiguration, [String: LoadedPolicy]) {
        let result = ConfigurationLoader.load(file: options.file)
        for warning in result.warnings { logger.warning("\(warning)") }
        guard let configuration = result.configuration else {
            for problem in result.errors { Console.error(problem.description) }
            throw CommandFailure("gatehouse: \(options.file) has \(result.errors.count) error(s); the gateway does not start half-configured")
        }
        for name in configuration.disabledServers { logger.notice("server \(name) is disabled in \(options.file)") }
        return (configuration, result.policies)
    }

    /// The gateway built from a checked configuration, with the loops both fronts run.
    static func assemble(_ configuration: GatewayConfiguration, policies: [String: LoadedPolicy], stores: StateStores,
                         replica: String, replicaID: ReplicaID = .random(), auditSpool: AuditSpool? = nil,
                         logger: Logger) throws -> GatewayRuntime {
        do {
            let assembly = try GatewayAssembly(configuration: configuration, policies: policies, stores: stores, replica: replica,
                                               replicaID: replicaID, auditSpool: auditSpool, logger: logger)
            return GatewayRuntime(assembly, stores: stores, logger: logger)
        } catch {
            throw CommandFailure("gatehouse: \(error)")
        }
    }

    /// Runs `body`, then shuts the assembly down whether it returned or threw: every error path
    /// of `serve` and `stdio` stops what was started (an HTTP client left running also crashes
    /// the process when it is freed), and the error is then printed by the caller.
    static func running<T>(_ assembly: GatewayAssembly, _ body: () async throws -> T) async throws -> T {
        let value: T
        do {
            value = try await body()
        } catch {
            try? await assembly.audit.flush()
            await assembly.shutdown()
            throw error
        }
        try? await assembly.audit.flush()
        await assembly.shutdown()
        return value
    }

    /// The stores; a warning when the data folder is open to other users.
    static func openStores(_ options: StateOptions, configured: String?, logger: Logger) throws -> StateStores {
        let stores: StateStores
        do {
            stores = try StateStores.open(try options.location(configured: configured))
        } catch let error as StoreError {
            throw CommandFailure("gatehouse: \(error)")
        }
        if let warning = PrivateFiles.widerFolderWarning(options.data) { logger.warning("\(warning)") }
        return stores
    }
}

/// Log lines to stderr, at the level asked for.
enum GatehouseLogging {
    static func bootstrap(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in StderrLogHandler(label: label, level: level) }
        var logger = Logger(label: "gatehouse")
        logger.logLevel = level
        return logger
    }
}
