import Foundation
import GRDB

/// Held calls in the SQLite file. Decisions written by this process wake its waiters at once;
/// decisions written by another process (the CLI) are seen within ``pollPeriod``.
public final class SQLiteApprovalStore: ApprovalStore {
    private let database: SQLiteDatabase
    let signal = DecisionSignal()
    /// How often a waiter re-reads its request.
    public let pollPeriod: Duration

    public init(database: SQLiteDatabase, pollPeriod: Duration = .milliseconds(200)) {
        self.database = database
        self.pollPeriod = pollPeriod
    }

    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE approval (
                id TEXT PRIMARY KEY,
                server TEXT NOT NULL,
                tool TEXT NOT NULL,
                arguments TEXT NOT NULL,
                grant_name TEXT NOT NULL,
                session TEXT NOT NULL,
                rule TEXT NOT NULL,
                approver TEXT NOT NULL,
                risk TEXT,
                requested_at REAL NOT NULL,
                expires_at REAL NOT NULL,
                replica TEXT NOT NULL,
                status TEXT NOT NULL,
                decided_at REAL,
                decided_by TEXT,
                note TEXT
            );
            CREATE INDEX approval_by_status ON approval(status, requested_at);
            CREATE TABLE remembered_approval (
                scope TEXT NOT NULL,
                subject TEXT NOT NULL,
                server TEXT NOT NULL,
                tool TEXT NOT NULL,
                expires_at REAL NOT NULL,
                PRIMARY KEY (scope, subject, server, tool)
            );
            """)
    }

    private static let columns = """
        id, server, tool, arguments, grant_name, session, rule, approver, risk, requested_at, expires_at, replica,
        status, decided_at, decided_by, note
        """

    public func create(_ request: ApprovalRequest) async throws {
        try await database.write("approvals") { db in
            try db.execute(sql: "INSERT INTO approval (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: Self.arguments(request))
        }
    }

    public func request(id: String) async throws -> ApprovalRequest? {
        try await database.read("approvals") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM approval WHERE id = ?", arguments: [id]).map(Self.request(from:))
        }
    }

    public func pending() async throws -> [ApprovalRequest] {
        try await database.read("approvals") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM approval WHERE status = 'pending' ORDER BY requested_at, id")
                .map(Self.request(from:))
        }
    }

    public func recent(limit: Int) async throws -> [ApprovalRequest] {
        try await database.read("approvals") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM approval ORDER BY requested_at DESC, id DESC LIMIT ?", arguments: [limit])
                .map(Self.request(from:))
        }
    }

    public func decide(id: String, verdict: ApprovalVerdict, by: String, note: String?, at now: Date) async throws -> ApprovalRequest {
        let decided = try await database.write("approvals") { db -> ApprovalRequest in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM approval WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("no approval request '\(id)'")
            }
            var request = Self.request(from: row)
            guard request.status == .pending else {
                throw StoreError.conflict("approval request '\(id)' is already \(request.status.rawValue)")
            }
            request.status = verdict.status
            request.decidedAt = now
            request.decidedBy = by
            request.note = note
            try Self.update(db, request)
            return request
        }
        signal.signal(id)
        return decided
    }

    public func close(id: String, as status: ApprovalStatus, note: String?, at now: Date) async throws -> ApprovalRequest {
        let closed = try await database.write("approvals") { db -> ApprovalRequest in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM approval WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("no approval request '\(id)'")
            }
            var request = Self.request(from: row)
            guard request.status == .pending else { return request }
            request.status = status
            request.decidedAt = now
            request.decidedBy = "gatehouse"
            request.note = note
            try Self.update(db, request)
            return request
        }
        signal.signal(id)
        return closed
    }

    public func waitForDecision(id: String, until deadline: Date) async throws -> ApprovalRequest {
        try await pollForDecision(id: id, until: deadline, signal: signal, period: pollPeriod, read: request(id:))
    }

    public func interruptPending(replica: String, at now: Date) async throws -> [ApprovalRequest] {
        try await database.write("approvals") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM approval WHERE status = 'pending' AND replica = ?", arguments: [replica])
            return try rows.map(Self.request(from:)).map { pending in
                var request = pending
                request.status = .interrupted
                request.decidedAt = now
                request.decidedBy = "gatehouse"
                request.note = "the gateway restarted while the call was held; the agent's connection was lost"
                try Self.update(db, request)
                return request
            }
        }
    }

    public func remember(_ scope: RememberedScope, server: String, tool: String, until expiresAt: Date) async throws {
        try await database.write("approvals") { db in
            try db.execute(sql: """
                INSERT INTO remembered_approval (scope, subject, server, tool, expires_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (scope, subject, server, tool) DO UPDATE SET expires_at = excluded.expires_at
                """, arguments: [scope.kind, scope.subject, server, tool, expiresAt.timeIntervalSince1970])
        }
    }

    public func isRemembered(_ scope: RememberedScope, server: String, tool: String, at now: Date) async throws -> Bool {
        try await database.read("approvals") { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM remembered_approval
                               WHERE scope = ? AND subject = ? AND server = ? AND tool = ? AND expires_at > ?)
                """, arguments: [scope.kind, scope.subject, server, tool, now.timeIntervalSince1970]) ?? false
        }
    }

    // MARK: Rows

    private static func arguments(_ r: ApprovalRequest) -> StatementArguments {
        [r.id, r.server, r.tool, r.arguments, r.grant, r.session, r.rule, r.approver, r.risk, r.requestedAt.timeIntervalSince1970,
         r.expiresAt.timeIntervalSince1970, r.replica, r.status.rawValue, r.decidedAt?.timeIntervalSince1970, r.decidedBy, r.note]
    }

    private static func update(_ db: Database, _ r: ApprovalRequest) throws {
        try db.execute(sql: "UPDATE approval SET status = ?, decided_at = ?, decided_by = ?, note = ? WHERE id = ?",
                       arguments: [r.status.rawValue, r.decidedAt?.timeIntervalSince1970, r.decidedBy, r.note, r.id])
    }

    private static func request(from row: Row) -> ApprovalRequest {
        let decidedAt: Double? = row["decided_at"]
        return ApprovalRequest(
            id: row["id"], server: row["server"], tool: row["tool"], arguments: row["arguments"], grant: row["grant_name"],
            session: row["session"], rule: row["rule"], approver: row["approver"], risk: row["risk"],
            requestedAt: Date(timeIntervalSince1970: row["requested_at"]), expiresAt: Date(timeIntervalSince1970: row["expires_at"]),
            replica: row["replica"], status: ApprovalStatus(rawValue: row["status"]) ?? .pending,
            decidedAt: decidedAt.map { Date(timeIntervalSince1970: $0) }, decidedBy: row["decided_by"], note: row["note"])
    }
}
