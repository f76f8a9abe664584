import Foundation
import PostgresNIO

/// Pinned tool definitions in PostgreSQL, shared by every replica.
public final class PostgresPinStore: PinStore {
    private let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    static let createTables: [PostgresQuery] = [
        """
        CREATE TABLE tool_pin (
            server TEXT NOT NULL, tool TEXT NOT NULL, hash TEXT NOT NULL, definition TEXT NOT NULL,
            pinned_at DOUBLE PRECISION NOT NULL, approved_by TEXT NOT NULL, pending_hash TEXT, pending_definition TEXT,
            changed_at DOUBLE PRECISION, PRIMARY KEY (server, tool))
        """,
    ]

    private typealias Columns = (String, String, String, String, Double, String, String?, String?, Double?)
    private static let select = "SELECT server, tool, hash, definition, pinned_at, approved_by, pending_hash, pending_definition, changed_at FROM tool_pin"

    public func observe(server: String, tools: [ObservedTool], at now: Date) async throws -> [(tool: String, status: PinStatus, pin: ToolPin)] {
        try await database.transaction("pins") { connection in
            // One server's pins change under one lock, so two replicas seeing the first listing pin once.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\("pins:" + server), 0))", logger: database.logger)
            var query = PostgresQuery(unsafeSQL: Self.select + " WHERE server = ")
            query.appendBinding(server)
            let existing = try await Self.decode(connection.query(query, logger: database.logger))
            let outcome = PinComparison.compare(tools, with: existing, server: server, at: now)
            for (_, _, pin) in outcome where existing.first(where: { $0.tool == pin.tool }) != pin {
                try await Self.save(pin, connection, database)
            }
            return outcome
        }
    }

    public func pins(server: String) async throws -> [ToolPin] {
        var query = PostgresQuery(unsafeSQL: Self.select + " WHERE server = ")
        query.appendBinding(server)
        return try await read(query + " ORDER BY tool")
    }

    public func pendingChanges() async throws -> [ToolPin] {
        try await read(PostgresQuery(unsafeSQL: Self.select + " WHERE pending_hash IS NOT NULL ORDER BY changed_at, server, tool"))
    }

    public func approve(server: String, tool: String, by: String, at now: Date) async throws -> ToolPin {
        try await database.transaction("pins") { connection in
            var query = PostgresQuery(unsafeSQL: Self.select + " WHERE server = ")
            query.appendBinding(server)
            query.sql += " AND tool = "
            query.appendBinding(tool)
            guard let pin = try await Self.decode(connection.query(query + " FOR UPDATE", logger: database.logger)).first else {
                throw StoreError.notFound("no pinned tool '\(tool)' on server '\(server)'")
            }
            let approved = try PinComparison.approve(pin, by: by, at: now)
            try await Self.save(approved, connection, database)
            return approved
        }
    }

    private static func save(_ p: ToolPin, _ connection: PostgresConnection, _ database: PostgresDatabase) async throws {
        try await connection.query("""
            INSERT INTO tool_pin (server, tool, hash, definition, pinned_at, approved_by, pending_hash, pending_definition, changed_at)
            VALUES (\(p.server), \(p.tool), \(p.hash), \(p.definition), \(p.pinnedAt.timeIntervalSince1970), \(p.approvedBy),
                    \(p.pendingHash), \(p.pendingDefinition), \(p.changedAt?.timeIntervalSince1970))
            ON CONFLICT (server, tool) DO UPDATE SET hash = excluded.hash, definition = excluded.definition,
                pinned_at = excluded.pinned_at, approved_by = excluded.approved_by, pending_hash = excluded.pending_hash,
                pending_definition = excluded.pending_definition, changed_at = excluded.changed_at
            """, logger: database.logger)
    }

    private func read(_ query: PostgresQuery) async throws -> [ToolPin] {
        let rows = try await database.query("pins", query)
        do {
            return try await Self.decode(rows)
        } catch {
            throw StoreError.unavailable("pins: \(String(reflecting: error))")
        }
    }

    private static func decode(_ rows: PostgresRowSequence) async throws -> [ToolPin] {
        var pins: [ToolPin] = []
        for try await c in rows.decode(Columns.self) {
            pins.append(ToolPin(server: c.0, tool: c.1, hash: c.2, definition: c.3, pinnedAt: Date(timeIntervalSince1970: c.4),
                                approvedBy: c.5, pendingHash: c.6, pendingDefinition: c.7, changedAt: c.8.map { Date(timeIntervalSince1970: $0) }))
        }
        return pins
    }
}
