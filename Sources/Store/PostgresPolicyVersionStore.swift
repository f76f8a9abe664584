import Foundation
import PostgresNIO

/// Policy versions in PostgreSQL, shared by every replica.
public final class PostgresPolicyVersionStore: PolicyVersionStore {
    private let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    static let createTables: [PostgresQuery] = [
        """
        CREATE TABLE policy_version (
            server TEXT NOT NULL, number INTEGER NOT NULL, document TEXT NOT NULL, created_by TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL, comment TEXT, PRIMARY KEY (server, number))
        """,
    ]

    private typealias Columns = (String, Int, String, String, Double, String?)
    private static let select = "SELECT server, number, document, created_by, created_at, comment FROM policy_version WHERE server = "

    public func append(server: String, document: String, by: String, comment: String?, at now: Date) async throws -> PolicyVersion {
        try await database.transaction("policy versions") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\("policy:" + server), 0))", logger: database.logger)
            var latest = 0
            let rows = try await connection.query("SELECT COALESCE(MAX(number), 0) FROM policy_version WHERE server = \(server)",
                                                  logger: database.logger)
            for try await number in rows.decode(Int.self) { latest = number }
            let version = PolicyVersion(server: server, number: latest + 1, document: document, createdBy: by, createdAt: now, comment: comment)
            try await connection.query("""
                INSERT INTO policy_version (server, number, document, created_by, created_at, comment)
                VALUES (\(server), \(version.number), \(document), \(by), \(now.timeIntervalSince1970), \(comment))
                """, logger: database.logger)
            return version
        }
    }

    public func history(server: String) async throws -> [PolicyVersion] {
        try await read(server, " ORDER BY number DESC")
    }

    public func version(server: String, number: Int) async throws -> PolicyVersion? {
        var query = PostgresQuery(unsafeSQL: Self.select)
        query.appendBinding(server)
        query.sql += " AND number = "
        query.appendBinding(number)
        return try await read(query).first
    }

    public func latest(server: String) async throws -> PolicyVersion? {
        try await read(server, " ORDER BY number DESC LIMIT 1").first
    }

    private func read(_ server: String, _ suffix: String) async throws -> [PolicyVersion] {
        var query = PostgresQuery(unsafeSQL: Self.select)
        query.appendBinding(server)
        return try await read(query + suffix)
    }

    private func read(_ query: PostgresQuery) async throws -> [PolicyVersion] {
        let rows = try await database.query("policy versions", query)
        do {
            var versions: [PolicyVersion] = []
            for try await c in rows.decode(Columns.self) {
                versions.append(PolicyVersion(server: c.0, number: c.1, document: c.2, createdBy: c.3,
                                              createdAt: Date(timeIntervalSince1970: c.4), comment: c.5))
            }
            return versions
        } catch {
            throw StoreError.unavailable("policy versions: \(String(reflecting: error))")
        }
    }
}
