import Logging
import PostgresNIO

/// Every table of the PostgreSQL store, as an ordered list of named migrations, applied once
/// each and recorded in `gatehouse_migrations`. Never edit a migration that has shipped.
enum PostgresSchema {
    /// The advisory lock key that serialises migrations across replicas.
    static let migrationLock: Int64 = 0x6761_7465_686f_7573  // "gatehous"

    static let migrations: [(name: String, statements: [PostgresQuery])] = [
        ("counters-v1", PostgresCounterStore.createTables),
        ("approvals-v1", PostgresApprovalStore.createTables),
        ("pins-v1", PostgresPinStore.createTables),
        ("policy-versions-v1", PostgresPolicyVersionStore.createTables),
        ("grants-v1", PostgresGrantStore.createTables),
        ("audit-v1", PostgresAuditStore.createTables),
        ("installation-keys-v1", PostgresInstallationKeys.createTables),
        ("audit-v2-forwarded-by", PostgresAuditStore.addForwardedBy),
    ]

    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            CREATE TABLE IF NOT EXISTS gatehouse_migrations (
                name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """, logger: logger)
        var applied: Set<String> = []
        for try await name in try await connection.query("SELECT name FROM gatehouse_migrations", logger: logger).decode(String.self) {
            applied.insert(name)
        }
        for migration in migrations where !applied.contains(migration.name) {
            try await connection.withTransaction(logger: logger) { connection in
                for statement in migration.statements {
                    try await connection.query(statement, logger: logger)
                }
                try await connection.query("INSERT INTO gatehouse_migrations (name) VALUES (\(migration.name))", logger: logger)
            }
            logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
        }
    }
}
