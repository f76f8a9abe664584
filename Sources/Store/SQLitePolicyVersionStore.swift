import Foundation
import GRDB

/// Policy versions in the SQLite file.
public final class SQLitePolicyVersionStore: PolicyVersionStore {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE policy_version (
                server TEXT NOT NULL,
                number INTEGER NOT NULL,
                document TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at REAL NOT NULL,
                comment TEXT,
                PRIMARY KEY (server, number)
            );
            """)
    }

    private static let columns = "server, number, document, created_by, created_at, comment"

    public func append(server: String, document: String, by: String, comment: String?, at now: Date) async throws -> PolicyVersion {
        try await database.write("policy versions") { db in
            let latest = try Int.fetchOne(db, sql: "SELECT MAX(number) FROM policy_version WHERE server = ?", arguments: [server]) ?? 0
            let version = PolicyVersion(server: server, number: latest + 1, document: document, createdBy: by, createdAt: now, comment: comment)
            try db.execute(sql: "INSERT INTO policy_version (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [server, version.number, document, by, now.timeIntervalSince1970, comment])
            return version
        }
    }

    public func history(server: String) async throws -> [PolicyVersion] {
        try await database.read("policy versions") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM policy_version WHERE server = ? ORDER BY number DESC", arguments: [server])
                .map(Self.version(from:))
        }
    }

    public func version(server: String, number: Int) async throws -> PolicyVersion? {
        try await database.read("policy versions") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM policy_version WHERE server = ? AND number = ?", arguments: [server, number])
                .map(Self.version(from:))
        }
    }

    public func latest(server: String) async throws -> PolicyVersion? {
        try await database.read("policy versions") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM policy_version WHERE server = ? ORDER BY number DESC LIMIT 1", arguments: [server])
                .map(Self.version(from:))
        }
    }

    private static func version(from row: Row) -> PolicyVersion {
        PolicyVersion(server: row["server"], number: row["number"], document: row["document"], createdBy: row["created_by"],
                      createdAt: Date(timeIntervalSince1970: row["created_at"]), comment: row["comment"])
    }
}
