import Foundation
import GRDB

/// Grants in the SQLite file. A grant created or revoked by the CLI is seen by a running gateway
/// on its next lookup (through ``GrantAuthenticator``'s short cache).
public final class SQLiteGrantStore: GrantStore {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE agent_grant (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                token_hash TEXT NOT NULL UNIQUE,
                servers TEXT NOT NULL,
                created_at REAL NOT NULL,
                revoked_at REAL
            );
            """)
    }

    private static let columns = "id, name, servers, created_at, revoked_at"

    public func create(name: String, servers: [String], at now: Date) async throws -> IssuedGrant {
        try Grant.validate(name: name, servers: servers)
        let token = GrantToken.generate()
        let grant = Grant(id: UUID().uuidString.lowercased(), name: name, servers: servers, createdAt: now)
        try await database.write("grants") { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM agent_grant WHERE name = ?)", arguments: [name]) == true {
                throw StoreError.conflict("a grant named '\(name)' already exists; choose another name")
            }
            try db.execute(
                sql: "INSERT INTO agent_grant (id, name, token_hash, servers, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [grant.id, name, GrantToken.hash(token), GrantServers.encode(servers), now.timeIntervalSince1970])
        }
        return IssuedGrant(grant: grant, token: token)
    }

    public func authenticate(token: String) async throws -> Grant? {
        guard GrantToken.looksLikeToken(token) else { return nil }
        let hash = GrantToken.hash(token)
        return try await database.read("grants") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM agent_grant WHERE token_hash = ? AND revoked_at IS NULL",
                             arguments: [hash]).map(Self.grant(from:))
        }
    }

    public func list() async throws -> [Grant] {
        try await database.read("grants") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM agent_grant ORDER BY created_at, name").map(Self.grant(from:))
        }
    }

    public func grant(named name: String) async throws -> Grant? {
        try await database.read("grants") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM agent_grant WHERE name = ?", arguments: [name]).map(Self.grant(from:))
        }
    }

    public func revoke(name: String, at now: Date) async throws -> Grant {
        try await database.write("grants") { db in
            try db.execute(sql: "UPDATE agent_grant SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
                           arguments: [now.timeIntervalSince1970, name])
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM agent_grant WHERE name = ?", arguments: [name]) else {
                throw StoreError.notFound("no grant named '\(name)'")
            }
            return Self.grant(from: row)
        }
    }

    private static func grant(from row: Row) -> Grant {
        let revokedAt: Double? = row["revoked_at"]
        return Grant(id: row["id"], name: row["name"], servers: GrantServers.decode(row["servers"]),
                     createdAt: Date(timeIntervalSince1970: row["created_at"]),
                     revokedAt: revokedAt.map { Date(timeIntervalSince1970: $0) })
    }
}
