import Foundation
import Logging
import PostgresNIO

/// The shared store for replicas: a PostgreSQL database reached through a connection pool.
///
/// The pool must be running for queries to proceed: call ``run()`` in a long-lived task (or add
/// ``client`` to a service group), or use ``withRunning(url:logger:_:)`` for a bounded job.
/// Migrations run on ``migrate()``, under an advisory lock so replicas starting together
/// do not race.
public final class PostgresDatabase: Sendable {
    public let client: PostgresClient
    public let logger: Logger
    /// The probe's own connection, outside the pool: a pool busy with calls must not make a
    /// healthy database look down.
    private let probeConfiguration: PostgresConnection.Configuration
    /// The URL without its password, for messages.
    public let displayURL: String

    /// Parses `postgres://user:password@host:port/database` (`sslmode=require` in the query
    /// asks for TLS; the default is to prefer it when the server offers it, and to allow plain
    /// connections on loopback).
    /// `clock` times the probe, the listener's reconnects and every operation's deadline (tests
    /// pass one they advance).
    public init(url: String, logger: Logger = Logger(label: "gatehouse.postgres"),
                clock: any Clock<Duration> = ContinuousClock()) throws(StoreError) {
        guard let components = URLComponents(string: url),
              ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty else {
            throw StoreError.unavailable("'\(url)' is not a PostgreSQL URL (postgres://user:password@host:port/database)")
        }
        let database = components.path.split(separator: "/").first.map(String.init)
        let sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        let probeTLS: PostgresConnection.Configuration.TLS
        switch sslMode {
        case "disable": (tls, probeTLS) = (.disable, .disable)
        case "require", "verify-full", "verify-ca": (tls, probeTLS) = (.require(.makeClientConfiguration()), .require(try Self.tlsContext()))
        default:
            (tls, probeTLS) = ["127.0.0.1", "localhost", "::1"].contains(host)
                ? (.disable, .disable) : (.prefer(.makeClientConfiguration()), .prefer(try Self.tlsContext()))
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database, tls: tls)
        var probe = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database, tls: probeTLS)
        probe.options.connectTimeout = .seconds(2)
        probeConfiguration = probe
        configuration.options.connectTimeout = .seconds(3)
        configuration.options.maximumConnections = 16
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        availability = PostgresAvailability(clock: clock)
        self.logger = logger
        var redacted = components
        if redacted.password != nil { redacted.password = "***" }
        displayURL = redacted.string ?? "postgres://…"
    }

    /// Bounds every operation in time, and refuses at once while a probe finds the database down.
    let availability: PostgresAvailability
    /// How often ``run()`` checks that the database answers (see ``health``).
    static let probeInterval: Duration = .milliseconds(500)

    /// Whether the database answered the last probe.
    public var health: StoreHealth { availability.health }

    /// Wakes approval waiters in this process when any replica decides (LISTEN/NOTIFY).
    let approvalSignal = DecisionSignal()
    /// The channel approval decisions are announced on; the payload is the request id.
    static let approvalChannel = "gatehouse_approvals"

    /// Runs the connection pool, and the listener that relays other replicas' approval
    /// decisions, until the task is cancelled (or a graceful shutdown).
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            group.addTask { await self.listenForDecisions() }
            group.addTask { await self.probe() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Holds one connection in LISTEN; reconnects after a failure. A decision announced while
    /// it is reconnecting is still found by the waiters' periodic re-read.
    private func listenForDecisions() async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.approvalChannel) { notifications in
                        for try await notification in notifications {
                            approvalSignal.signal(notification.payload)
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.debug("approval listener reconnecting", metadata: ["error": "\(error)"])
            }
            try? await availability.clock.sleep(for: .seconds(1))
        }
    }

    /// Probes the database every ``probeInterval`` (on the injected clock) with `SELECT 1` on a connection of its own
    /// (reconnected after a failure; each step bounded by 2 s). Two failures in a row mark it
    /// down — operations in flight fail at once, new ones are refused without waiting — and the
    /// next answer marks it up again. The pool reconnects by itself.
    private func probe() async {
        var connection: PostgresConnection?
        var failures = 0
        while !Task.isCancelled {
            do {
                let current: PostgresConnection
                if let connection {
                    current = connection
                } else {
                    current = try await connectProbe()
                }
                connection = current
                _ = try await availability.run("probe", timeout: .seconds(2), ignoringKnownOutage: true) { [logger] in
                    try await current.query("SELECT 1", logger: logger)
                    return true
                }
                failures = 0
                if availability.markUp() { logger.notice("PostgreSQL answers again; serving calls", metadata: ["store": "\(displayURL)"]) }
            } catch {
                if let broken = connection { Task { try? await broken.close() } }
                connection = nil
                failures += 1
                if failures >= 2, availability.markDown("\(error)", message: "PostgreSQL at \(displayURL) does not answer: \(error)") {
                    logger.error("PostgreSQL does not answer; refusing calls until it does", metadata: ["error": "\(error)"])
                }
            }
            try? await availability.clock.sleep(for: Self.probeInterval)
        }
        if let connection { try? await connection.close() }
    }

    private func connectProbe() async throws(StoreError) -> PostgresConnection {
        try await availability.run("probe", timeout: .seconds(2), ignoringKnownOutage: true) { [probeConfiguration, logger] in
            try await PostgresConnection.connect(configuration: probeConfiguration, id: 0, logger: logger)
        }
    }

    private static func tlsContext() throws(StoreError) -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: .makeClientConfiguration())
        } catch {
            throw StoreError.unavailable("PostgreSQL TLS: \(error)")
        }
    }

    /// Runs `body` in a transaction, reporting any failure as ``StoreError/unavailable(_:)``
    /// naming `area` (a ``StoreError`` thrown by `body` passes through unchanged). Refused at
    /// once while the database is known down; otherwise the pool's own limits apply — calls on
    /// the gateway's hot path use ``boundedTransaction(_:_:)``.
    func transaction<T: Sendable>(_ area: String, _ body: (PostgresConnection) async throws -> sending T) async throws(StoreError) -> T {
        try availability.refuseWhileDown(area)
        do {
            return try await client.withTransaction(logger: logger, body)
        } catch let error as PostgresTransactionError {
            if let storeError = error.closureError as? StoreError { throw storeError }
            throw StoreError.unavailable("\(area): \(String(reflecting: error))")
        } catch {
            throw StoreError.unavailable("\(area): \(String(reflecting: error))")
        }
    }

    /// ``transaction(_:_:)`` bounded in time (``PostgresAvailability/operationTimeout``), and
    /// failed at once when a probe finds the database down meanwhile.
    func boundedTransaction<T: Sendable>(_ area: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws(StoreError) -> T {
        try await availability.run(area) { [client, logger] in
            do {
                return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
            } catch let error as PostgresTransactionError {
                if let storeError = error.closureError as? StoreError { throw storeError }
                throw StoreError.unavailable("\(area): \(String(reflecting: error))")
            }
        }
    }

    /// Runs one query outside a transaction, bounded and reported like ``transaction(_:_:)``.
    @discardableResult
    func query(_ area: String, _ query: PostgresQuery) async throws(StoreError) -> PostgresRowSequence {
        try await availability.run(area) { [client, logger] in
            try await client.query(query, logger: logger)
        }
    }

    /// Opens the database, runs the pool and the migrations, calls `body`, then stops the pool.
    public static func withRunning<Result: Sendable>(
        url: String, logger: Logger = Logger(label: "gatehouse.postgres"),
        _ body: @Sendable (PostgresDatabase) async throws -> Result
    ) async throws -> Result {
        let database = try PostgresDatabase(url: url, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            try await database.migrate()
            return try await body(database)
        }
    }

    /// Brings the schema up to date. Safe to call from several replicas at once.
    public func migrate() async throws(StoreError) {
        // Bounded: a database that cannot be reached is an error within seconds, not a hang.
        _ = try await availability.run("PostgreSQL at \(displayURL)", timeout: .seconds(30)) { [client, logger] in
            try await client.withConnection { connection in
                try await connection.query("SELECT pg_advisory_lock(\(PostgresSchema.migrationLock))", logger: logger)
                do {
                    try await PostgresSchema.migrate(connection, logger: logger)
                    try await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.migrationLock))", logger: logger)
                } catch {
                    _ = try? await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.migrationLock))", logger: logger)
                    throw error
                }
            }
            return true
        }
    }
}

extension PostgresRowSequence {
    /// How many rows a statement returned (`… RETURNING id`), read to the end.
    func count(area: String) async throws(StoreError) -> Int {
        do {
            var count = 0
            for try await _ in self { count += 1 }
            return count
        } catch {
            throw StoreError.unavailable("\(area): \(String(reflecting: error))")
        }
    }
}
