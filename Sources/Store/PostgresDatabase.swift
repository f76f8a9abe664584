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
    /// The URL without its password, for messages.
    public let displayURL: String

    /// Parses `postgres://user:password@host:port/database` (`sslmode=require` in the query
    /// asks for TLS; the default is to prefer it when the server offers it, and to allow plain
    /// connections on loopback).
    public init(url: String, logger: Logger = Logger(label: "gatehouse.postgres")) throws(StoreError) {
        guard let components = URLComponents(string: url),
              ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty else {
            throw StoreError.unavailable("'\(url)' is not a PostgreSQL URL (postgres://user:password@host:port/database)")
        }
        let database = components.path.split(separator: "/").first.map(String.init)
        let sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require", "verify-full", "verify-ca": tls = .require(.makeClientConfiguration())
        default: tls = ["127.0.0.1", "localhost", "::1"].contains(host) ? .disable : .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(3)
        configuration.options.maximumConnections = 16
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
        var redacted = components
        if redacted.password != nil { redacted.password = "***" }
        displayURL = redacted.string ?? "postgres://…"
    }

    /// Runs the connection pool until the task is cancelled (or a graceful shutdown).
    public func run() async {
        await client.run()
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
        do {
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
        } catch {
            throw StoreError.unavailable("PostgreSQL at \(displayURL): \(String(reflecting: error))")
        }
    }
}
