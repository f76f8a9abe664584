import Foundation
import PostgresNIO

/// Grants in PostgreSQL, shared by every replica.
public final class PostgresGrantStore: GrantStore {
    private let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    static let createTables: [PostgresQuery] = [
        """
        CREATE TABLE agent_grant (
            id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, token_hash TEXT NOT NULL UNIQUE, servers TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL, revoked_at DOUBLE PRECISION)
        """,
    ]

    private typealias Columns = (String, String, String, Double, Double?)
    private static let select = "SELECT id, name, servers, created_at, revoked_at FROM agent_grant "

    public func create(name: String, servers: [String], at now: Date) async throws -> IssuedGrant {
        try Grant.validate(name: name, servers: servers)
        let token = GrantToken.generate()
        let grant = Grant(id: UUID().uuidString.lowercased(), name: name, servers: servers, createdAt: now)
        let rows = try await database.query("grants", """
            INSERT INTO agent_grant (id, name, token_hash, servers, created_at)
            VALUES (\(grant.id), \(name), \(GrantToken.hash(token)), \(GrantServers.encode(servers)), \(now.timeIntervalSince1970))
            ON CONFLICT (name) DO NOTHING RETURNING id
            """)
        let inserted = try await rows.count(area: "grants")
        guard inserted == 1 else { throw StoreError.conflict("a grant named '\(name)' already exists; choose another name") }
        return IssuedGrant(grant: grant, token: token)
    }

    public func authenticate(token: String) async throws -> Grant? {
        guard GrantToken.looksLikeToken(token) else { return nil }
        var query = PostgresQuery(unsafeSQL: Self.select + "WHERE revoked_at IS NULL AND token_hash = ")
        query.appendBinding(GrantToken.hash(token))
        return try await grants(query).first
    }

    public func list() async throws -> [Grant] {
        try await grants(PostgresQuery(unsafeSQL: Self.select + "ORDER BY created_at, name"))
    }

    public func grant(named name: String) async throws -> Grant? {
        var query = PostgresQuery(unsafeSQL: Self.select + "WHERE name = ")
        query.appendBinding(name)
        return try await grants(query).first
    }

    public func revoke(name: String, at now: Date) async throws -> Grant {
        try await database.query("grants",
                                 "UPDATE agent_grant SET revoked_at = \(now.timeIntervalSince1970) WHERE name = \(name) AND revoked_at IS NULL")
        guard let grant = try await grant(named: name) else { throw StoreError.notFound("no grant named '\(name)'") }
        return grant
    }

    private func grants(_ query: PostgresQuery) async throws -> [Grant] {
        let rows = try await database.query("grants", query)
        do {
            var grants: [Grant] = []
            for try await c in rows.decode(Columns.self) {
                grants.append(Grant(id: c.0, name: c.1, servers: GrantServers.decode(c.2), createdAt: Date(timeIntervalSince1970: c.3),
                                    revokedAt: c.4.map { Date(timeIntervalSince1970: $0) }))
            }
            return grants
        } catch {
            throw StoreError.unavailable("grants: \(String(reflecting: error))")
        }
    }
}
