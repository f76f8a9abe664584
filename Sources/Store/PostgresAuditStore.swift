import Foundation
import JSON
import PostgresNIO

/// The audit log in PostgreSQL, shared by every replica.
///
/// Ids come from one sequence, so they are unique across replicas and increase in the order
/// they were taken — not strictly in commit order: a live tail reading "after id N" may see a
/// row commit after a higher id it already read (re-reading a few ids back covers that).
public final class PostgresAuditStore: AuditStore {
    private let database: PostgresDatabase

    public init(database: PostgresDatabase) {
        self.database = database
    }

    static let createTables: [PostgresQuery] = [
        "CREATE SEQUENCE audit_entry_id_seq",
        """
        CREATE TABLE audit_entry (
            id BIGINT PRIMARY KEY DEFAULT nextval('audit_entry_id_seq'), time DOUBLE PRECISION NOT NULL, kind TEXT NOT NULL,
            grant_name TEXT, session TEXT, server TEXT, tool TEXT, decision TEXT, rule TEXT, reason TEXT, arguments_digest TEXT,
            arguments TEXT, outcome TEXT, latency_ms DOUBLE PRECISION, error TEXT, detail TEXT)
        """,
        "ALTER SEQUENCE audit_entry_id_seq OWNED BY audit_entry.id",
        // The selective filters, in id order; see SQLiteAuditStore for why no more.
        "CREATE INDEX audit_by_server ON audit_entry (server, id)",
        "CREATE INDEX audit_by_grant ON audit_entry (grant_name, id)",
    ]

    /// Issue 12: which replica forwarded a call, so its next start can close what it left open.
    static let addForwardedBy: [PostgresQuery] = ["ALTER TABLE audit_entry ADD COLUMN forwarded_by TEXT"]

    /// Rows per INSERT statement: 17 bindings each stays far below PostgreSQL's 65,535.
    static let rowsPerStatement = 1_000

    public func write(appending entries: [AuditEntry], completing completions: [AuditCompletion]) async throws -> [Int64] {
        if entries.isEmpty && completions.isEmpty { return [] }
        let ids = try await nextIDs(entries.count)
        let statements = Self.inserts(entries, ids: ids) + (completions.isEmpty ? [] : [Self.update(completions)])
        if statements.count == 1 {
            try await database.query("audit log", statements[0])
        } else {
            try await database.boundedTransaction("audit log") { [logger = database.logger] connection in
                for statement in statements {
                    try await connection.query(statement, logger: logger)
                }
            }
        }
        return ids
    }

    public func interruptUnfinished(forwardedBy replica: String, error: String) async throws -> Int {
        var query = PostgresQuery(unsafeSQL: "UPDATE audit_entry SET outcome = ")
        query.appendBinding(AuditOutcome.interrupted.rawValue)
        query.sql += ", error = "
        query.appendBinding(error)
        query.sql += " WHERE \(AuditColumns.unfinished)"
        query.appendBinding(replica)
        query.sql += " RETURNING id"
        return try await database.query("audit log", query).count(area: "audit log")
    }

    public func query(_ filter: AuditFilter) async throws -> [AuditEntry] {
        var query = PostgresQuery(unsafeSQL: "SELECT \(AuditColumns.select) FROM audit_entry")
        for (index, term) in filter.terms.enumerated() {
            query.sql += (index == 0 ? " WHERE " : " AND ") + "\(term.column) \(term.comparison) "
            switch term.value {
            case .text(let text): query.appendBinding(text)
            case .time(let seconds): query.appendBinding(seconds)
            case .id(let id): query.appendBinding(id)
            }
        }
        query.sql += " \(filter.orderBy) LIMIT "
        query.appendBinding(max(0, filter.limit))
        let rows = try await database.query("audit log", query)
        do {
            var entries: [AuditEntry] = []
            for try await row in rows {
                entries.append(try Self.entry(from: row))
            }
            return entries
        } catch {
            throw StoreError.unavailable("audit log: \(String(reflecting: error))")
        }
    }

    // MARK: Statements

    /// Takes `count` ids from the sequence in one round trip, ascending.
    private func nextIDs(_ count: Int) async throws(StoreError) -> [Int64] {
        guard count > 0 else { return [] }
        let rows = try await database.query("audit log",
                                            "SELECT nextval('audit_entry_id_seq') FROM generate_series(1, \(count)) ORDER BY 1")
        do {
            var ids: [Int64] = []
            for try await id in rows.decode(Int64.self) { ids.append(id) }
            return ids.sorted()
        } catch {
            throw StoreError.unavailable("audit log: \(String(reflecting: error))")
        }
    }

    private static func inserts(_ entries: [AuditEntry], ids: [Int64]) -> [PostgresQuery] {
        let rows = Array(zip(ids, entries))
        return stride(from: 0, to: rows.count, by: rowsPerStatement).map { start in
            var query = PostgresQuery(unsafeSQL: "INSERT INTO audit_entry (id, \(insertOrder)) VALUES ")
            for (offset, (id, e)) in rows[start..<min(start + rowsPerStatement, rows.count)].enumerated() {
                query.sql += offset == 0 ? "(" : ", ("
                query.appendBinding(id)
                for value in [e.kind.rawValue, e.grant, e.session, e.server, e.tool, e.decision, e.rule, e.reason, e.argumentsDigest,
                              e.arguments, e.outcome?.rawValue, e.error, e.detail.map { JSONWriter().string($0) },
                              e.forwardedBy] as [String?] {
                    query.sql += ", "
                    query.appendBinding(value)
                }
                for value in [e.time.timeIntervalSince1970, e.latencyMs] as [Double?] {
                    query.sql += ", "
                    query.appendBinding(value)
                }
                query.sql += ")"
            }
            return query
        }
    }

    /// The columns in the order `inserts` binds them: texts first, then numbers.
    static let insertOrder = """
        kind, grant_name, session, server, tool, decision, rule, reason, arguments_digest, arguments, outcome, error, detail, \
        forwarded_by, time, latency_ms
        """

    private static func update(_ completions: [AuditCompletion]) -> PostgresQuery {
        var query = PostgresQuery(
            unsafeSQL: "UPDATE audit_entry AS a SET outcome = v.outcome, latency_ms = v.latency_ms, error = v.error FROM (VALUES ")
        for (index, completion) in completions.enumerated() {
            query.sql += index == 0 ? "(" : ", ("
            query.appendBinding(completion.id)
            query.sql += "::bigint, "
            query.appendBinding(completion.outcome.rawValue)
            query.sql += "::text, "
            query.appendBinding(completion.latencyMs)
            query.sql += "::float8, "
            query.appendBinding(completion.error)
            query.sql += "::text)"
        }
        query.sql += ") AS v(id, outcome, latency_ms, error) WHERE a.id = v.id"
        return query
    }

    private static func entry(from row: PostgresRow) throws -> AuditEntry {
        let c = try row.decode((Int64, Double, String, String?, String?, String?, String?, String?, String?, String?, String?,
                                String?, String?, Double?, String?, String?, String?).self)
        return AuditEntry(
            id: c.0, time: Date(timeIntervalSince1970: c.1), kind: AuditKind(c.2), grant: c.3, session: c.4, server: c.5, tool: c.6,
            decision: c.7, rule: c.8, reason: c.9, argumentsDigest: c.10, arguments: c.11, outcome: c.12.flatMap(AuditOutcome.init(rawValue:)),
            latencyMs: c.13, error: c.14, detail: c.15.flatMap { try? JSONParser.parse($0) }, forwardedBy: c.16)
    }
}
