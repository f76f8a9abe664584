import Foundation
import GRDB
import JSON

/// The audit log in the SQLite file: one row per decision, appended in batches.
public final class SQLiteAuditStore: AuditStore {
    private let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    static func createTables(_ db: Database) throws {
        // Every index ends in the rowid (= id), so a server or grant filter walks its rows newest
        // first and stops at the limit. Each index costs every write a page (scripts/bench-audit:
        // five indexes nearly doubled the CPU per row at one recorder), so only the selective
        // filters have one; tool, decision and kind narrow the rows these (or the id order) yield.
        try db.execute(sql: """
            CREATE TABLE audit_entry (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                time REAL NOT NULL,
                kind TEXT NOT NULL,
                grant_name TEXT,
                session TEXT,
                server TEXT,
                tool TEXT,
                decision TEXT,
                rule TEXT,
                reason TEXT,
                arguments_digest TEXT,
                arguments TEXT,
                outcome TEXT,
                latency_ms REAL,
                error TEXT,
                detail TEXT
            );
            CREATE INDEX audit_by_server ON audit_entry(server);
            CREATE INDEX audit_by_grant ON audit_entry(grant_name);
            """)
    }

    /// Issue 12: which replica forwarded a call, so its next start can close what it left open.
    static func addForwardedBy(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE audit_entry ADD COLUMN forwarded_by TEXT")
    }

    public func write(appending entries: [AuditEntry], completing completions: [AuditCompletion]) async throws -> [Int64] {
        if entries.isEmpty && completions.isEmpty { return [] }
        return try database.writeInline("audit log") { db in
            let ids = try Self.insert(entries, into: db)
            try Self.complete(completions, in: db)
            return ids
        }
    }

    /// Appends rows inside the caller's transaction; returns their ids in order (also used by
    /// ``SQLiteAdmissionJournal``, which writes a call's row with its counter reservation).
    static func insert(_ entries: [AuditEntry], into db: Database) throws -> [Int64] {
        let insert = try db.cachedStatement(sql: "INSERT INTO audit_entry (\(AuditColumns.insert)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        var ids: [Int64] = []
        ids.reserveCapacity(entries.count)
        for entry in entries {
            try SQLiteBindings.execute(insert, in: db) { bind(entry, to: &$0) }
            ids.append(db.lastInsertedRowID)
        }
        return ids
    }

    /// An entry's values in ``AuditColumns/insert`` order.
    private static func bind(_ e: AuditEntry, to row: inout SQLiteBindings) {
        row.bind(e.time.timeIntervalSince1970); row.bind(e.kind.rawValue); row.bind(e.grant); row.bind(e.session)
        row.bind(e.server); row.bind(e.tool); row.bind(e.decision); row.bind(e.rule); row.bind(e.reason)
        row.bind(e.argumentsDigest); row.bind(e.arguments); row.bind(e.outcome?.rawValue); row.bind(e.latencyMs)
        row.bind(e.error); row.bind(e.detail.map { JSONWriter().string($0) }); row.bind(e.forwardedBy)
    }

    static func complete(_ completions: [AuditCompletion], in db: Database) throws {
        guard !completions.isEmpty else { return }
        let update = try db.cachedStatement(sql: "UPDATE audit_entry SET outcome = ?, latency_ms = ?, error = ? WHERE id = ?")
        for completion in completions {
            try SQLiteBindings.execute(update, in: db) { row in
                row.bind(completion.outcome.rawValue); row.bind(completion.latencyMs); row.bind(completion.error); row.bind(completion.id)
            }
        }
    }

    public func interruptUnfinished(forwardedBy replica: String, error: String) async throws -> Int {
        try database.writeInline("audit log") { db in
            try db.execute(sql: "UPDATE audit_entry SET outcome = ?, error = ? WHERE \(AuditColumns.unfinished)?",
                           arguments: [AuditOutcome.interrupted.rawValue, error, replica])
            return db.changesCount
        }
    }

    public func query(_ filter: AuditFilter) async throws -> [AuditEntry] {
        let terms = filter.terms
        let clause = terms.isEmpty ? "" : "WHERE " + terms.map { "\($0.column) \($0.comparison) ?" }.joined(separator: " AND ")
        var arguments = StatementArguments()
        for term in terms {
            switch term.value {
            case .text(let text): arguments += [text]
            case .time(let seconds): arguments += [seconds]
            case .id(let id): arguments += [id]
            }
        }
        arguments += [max(0, filter.limit)]
        let sql = "SELECT \(AuditColumns.select) FROM audit_entry \(clause) \(filter.orderBy) LIMIT ?"
        return try await database.read("audit log") { [arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.entry(from:))
        }
    }

    private static func entry(from row: Row) -> AuditEntry {
        let outcome: String? = row["outcome"]
        let detail: String? = row["detail"]
        return AuditEntry(
            id: row["id"], time: Date(timeIntervalSince1970: row["time"]), kind: AuditKind(row["kind"]), grant: row["grant_name"],
            session: row["session"], server: row["server"], tool: row["tool"], decision: row["decision"], rule: row["rule"],
            reason: row["reason"], argumentsDigest: row["arguments_digest"], arguments: row["arguments"],
            outcome: outcome.flatMap(AuditOutcome.init(rawValue:)), latencyMs: row["latency_ms"], error: row["error"],
            detail: detail.flatMap { try? JSONParser.parse($0) }, forwardedBy: row["forwarded_by"])
    }
}
