import Foundation
import PostgresNIO

/// Held calls in PostgreSQL. A decision taken on any replica is announced with NOTIFY in the
/// same transaction, so the replica holding the agent's connection releases the call at once.
public final class PostgresApprovalStore: ApprovalStore {
    let database: PostgresDatabase
    /// How often a waiter re-reads its request, in case a notification was missed.
    public let pollPeriod: Duration

    public init(database: PostgresDatabase, pollPeriod: Duration = .seconds(1)) {
        self.database = database
        self.pollPeriod = pollPeriod
    }

    static let createTables: [PostgresQuery] = [
        """
        CREATE TABLE approval (
            id TEXT PRIMARY KEY, server TEXT NOT NULL, tool TEXT NOT NULL, arguments TEXT NOT NULL,
            grant_name TEXT NOT NULL, session TEXT NOT NULL, rule TEXT NOT NULL, approver TEXT NOT NULL, risk TEXT,
            requested_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL, replica TEXT NOT NULL,
            status TEXT NOT NULL, decided_at DOUBLE PRECISION, decided_by TEXT, note TEXT)
        """,
        "CREATE INDEX approval_by_status ON approval (status, requested_at)",
        """
        CREATE TABLE remembered_approval (
            scope TEXT NOT NULL, subject TEXT NOT NULL, server TEXT NOT NULL, tool TEXT NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (scope, subject, server, tool))
        """,
    ]

    private typealias Columns = (String, String, String, String, String, String, String, String, String?, Double, Double, String,
                                 String, Double?, String?, String?)
    private static let columns: PostgresQuery = """
        SELECT id, server, tool, arguments, grant_name, session, rule, approver, risk, requested_at, expires_at, replica,
               status, decided_at, decided_by, note FROM approval
        """

    public func create(_ r: ApprovalRequest) async throws {
        try await database.query("approvals", """
            INSERT INTO approval (id, server, tool, arguments, grant_name, session, rule, approver, risk, requested_at, expires_at,
                                  replica, status, decided_at, decided_by, note)
            VALUES (\(r.id), \(r.server), \(r.tool), \(r.arguments), \(r.grant), \(r.session), \(r.rule), \(r.approver), \(r.risk),
                    \(r.requestedAt.timeIntervalSince1970), \(r.expiresAt.timeIntervalSince1970), \(r.replica), \(r.status.rawValue),
                    \(r.decidedAt?.timeIntervalSince1970), \(r.decidedBy), \(r.note))
            """)
    }

    public func request(id: String) async throws -> ApprovalRequest? {
        try await requests(Self.where("WHERE id = ", id)).first
    }

    public func pending() async throws -> [ApprovalRequest] {
        try await requests(Self.columns + " WHERE status = 'pending' ORDER BY requested_at, id")
    }

    public func recent(limit: Int) async throws -> [ApprovalRequest] {
        var query = Self.columns + " ORDER BY requested_at DESC, id DESC LIMIT "
        query.appendBinding(limit)
        return try await requests(query)
    }

    public func decide(id: String, verdict: ApprovalVerdict, by: String, note: String?, at now: Date) async throws -> ApprovalRequest {
        try await update(id: id) { request in
            guard request.status == .pending else {
                throw StoreError.conflict("approval request '\(id)' is already \(request.status.rawValue)")
            }
            request.status = verdict.status
            request.decidedAt = now
            request.decidedBy = by
            request.note = note
        }
    }

    public func close(id: String, as status: ApprovalStatus, note: String?, at now: Date) async throws -> ApprovalRequest {
        try await update(id: id) { request in
            guard request.status == .pending else { return }
            request.status = status
            request.decidedAt = now
            request.decidedBy = "gatehouse"
            request.note = note
        }
    }

    public func waitForDecision(id: String, until deadline: Date) async throws -> ApprovalRequest {
        try await pollForDecision(id: id, until: deadline, signal: database.approvalSignal, period: pollPeriod, read: request(id:))
    }

    public func interruptPending(replica: String, at now: Date) async throws -> [ApprovalRequest] {
        let held = try await requests(Self.where("WHERE status = 'pending' AND replica = ", replica))
        var interrupted: [ApprovalRequest] = []
        for request in held {
            let closed = try await close(id: request.id, as: .interrupted,
                                         note: "the gateway restarted while the call was held; the agent's connection was lost", at: now)
            if closed.status == .interrupted { interrupted.append(closed) }
        }
        return interrupted
    }

    public func remember(_ scope: RememberedScope, server: String, tool: String, until expiresAt: Date) async throws {
        try await database.query("approvals", """
            INSERT INTO remembered_approval (scope, subject, server, tool, expires_at)
            VALUES (\(scope.kind), \(scope.subject), \(server), \(tool), \(expiresAt.timeIntervalSince1970))
            ON CONFLICT (scope, subject, server, tool) DO UPDATE SET expires_at = excluded.expires_at
            """)
    }

    public func isRemembered(_ scope: RememberedScope, server: String, tool: String, at now: Date) async throws -> Bool {
        let rows = try await database.query("approvals", """
            SELECT 1 FROM remembered_approval
            WHERE scope = \(scope.kind) AND subject = \(scope.subject) AND server = \(server) AND tool = \(tool)
              AND expires_at > \(now.timeIntervalSince1970)
            """)
        do {
            for try await _ in rows { return true }
            return false
        } catch {
            throw StoreError.unavailable("approvals: \(String(reflecting: error))")
        }
    }

    // MARK: Rows

    /// Reads, changes and writes one request under a row lock, then announces it.
    private func update(id: String, _ change: @Sendable (inout ApprovalRequest) throws -> Void) async throws -> ApprovalRequest {
        try await database.transaction("approvals") { connection in
            let query = Self.where("WHERE id = ", id) + " FOR UPDATE"
            guard var request = try await Self.decode(connection.query(query, logger: database.logger)).first else {
                throw StoreError.notFound("no approval request '\(id)'")
            }
            let before = request
            try change(&request)
            guard request != before else { return request }
            try await connection.query("""
                UPDATE approval SET status = \(request.status.rawValue), decided_at = \(request.decidedAt?.timeIntervalSince1970),
                       decided_by = \(request.decidedBy), note = \(request.note) WHERE id = \(id)
                """, logger: database.logger)
            try await connection.query("SELECT pg_notify(\(PostgresDatabase.approvalChannel), \(id))", logger: database.logger)
            return request
        }
    }

    private static func `where`(_ clause: String, _ value: String) -> PostgresQuery {
        var query = columns + " " + clause
        query.appendBinding(value)
        return query
    }

    private func requests(_ query: PostgresQuery) async throws -> [ApprovalRequest] {
        let rows = try await database.query("approvals", query)
        do {
            return try await Self.decode(rows)
        } catch {
            throw StoreError.unavailable("approvals: \(String(reflecting: error))")
        }
    }

    private static func decode(_ rows: PostgresRowSequence) async throws -> [ApprovalRequest] {
        var requests: [ApprovalRequest] = []
        for try await c in rows.decode(Columns.self) {
            requests.append(ApprovalRequest(
                id: c.0, server: c.1, tool: c.2, arguments: c.3, grant: c.4, session: c.5, rule: c.6, approver: c.7, risk: c.8,
                requestedAt: Date(timeIntervalSince1970: c.9), expiresAt: Date(timeIntervalSince1970: c.10), replica: c.11,
                status: ApprovalStatus(rawValue: c.12) ?? .pending, decidedAt: c.13.map { Date(timeIntervalSince1970: $0) },
                decidedBy: c.14, note: c.15))
        }
        return requests
    }
}

extension PostgresQuery {
    /// Appends `$n` for a new binding (for queries assembled from parts).
    mutating func appendBinding(_ value: some PostgresDynamicTypeEncodable) {
        binds.append(value)
        sql += "$\(binds.count)"
    }

    /// Appends `$n` for a new binding that may be NULL.
    mutating func appendBinding(_ value: Optional<some PostgresDynamicTypeEncodable>) {
        binds.append(value)
        sql += "$\(binds.count)"
    }

    static func + (lhs: PostgresQuery, rhs: String) -> PostgresQuery {
        var query = lhs
        query.sql += rhs
        return query
    }
}
