import Foundation
import GRDB

/// Pinned tool definitions in the SQLite file.
public final class SQLitePinStore: PinStore {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE tool_pin (
                server TEXT NOT NULL,
                tool TEXT NOT NULL,
                hash TEXT NOT NULL,
                definition TEXT NOT NULL,
                pinned_at REAL NOT NULL,
                approved_by TEXT NOT NULL,
                pending_hash TEXT,
                pending_definition TEXT,
                changed_at REAL,
                PRIMARY KEY (server, tool)
            );
            """)
    }

    private static let columns = "server, tool, hash, definition, pinned_at, approved_by, pending_hash, pending_definition, changed_at"

    public func observe(server: String, tools: [ObservedTool], at now: Date) async throws -> [(tool: String, status: PinStatus, pin: ToolPin)] {
        try await database.write("pins") { db in
            let existing = try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM tool_pin WHERE server = ?", arguments: [server])
                .map(Self.pin(from:))
            let outcome = PinComparison.compare(tools, with: existing, server: server, at: now)
            for (_, status, pin) in outcome where status != .unchanged || existing.first(where: { $0.tool == pin.tool }) != pin {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO tool_pin (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: Self.arguments(pin))
            }
            return outcome
        }
    }

    public func pins(server: String) async throws -> [ToolPin] {
        try await database.read("pins") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM tool_pin WHERE server = ? ORDER BY tool", arguments: [server]).map(Self.pin(from:))
        }
    }

    public func pendingChanges() async throws -> [ToolPin] {
        try await database.read("pins") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM tool_pin WHERE pending_hash IS NOT NULL ORDER BY changed_at, server, tool")
                .map(Self.pin(from:))
        }
    }

    public func approve(server: String, tool: String, by: String, at now: Date) async throws -> ToolPin {
        try await database.write("pins") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM tool_pin WHERE server = ? AND tool = ?", arguments: [server, tool]) else {
                throw StoreError.notFound("no pinned tool '\(tool)' on server '\(server)'")
            }
            let approved = try PinComparison.approve(Self.pin(from: row), by: by, at: now)
            try db.execute(sql: "INSERT OR REPLACE INTO tool_pin (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: Self.arguments(approved))
            return approved
        }
    }

    private static func arguments(_ p: ToolPin) -> StatementArguments {
        [p.server, p.tool, p.hash, p.definition, p.pinnedAt.timeIntervalSince1970, p.approvedBy, p.pendingHash, p.pendingDefinition,
         p.changedAt?.timeIntervalSince1970]
    }

    private static func pin(from row: Row) -> ToolPin {
        let changedAt: Double? = row["changed_at"]
        return ToolPin(
            server: row["server"], tool: row["tool"], hash: row["hash"], definition: row["definition"],
            pinnedAt: Date(timeIntervalSince1970: row["pinned_at"]), approvedBy: row["approved_by"],
            pendingHash: row["pending_hash"], pendingDefinition: row["pending_definition"],
            changedAt: changedAt.map { Date(timeIntervalSince1970: $0) })
    }
}
