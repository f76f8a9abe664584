import Foundation
import Policy

/// Where a rate-limited `tools/call` is admitted: its budget reservation and its audit row are
/// written together, in one transaction, before the call is forwarded.
///
/// Separately they cost two transactions per call (the counter store's, then the audit log's);
/// a store that can do both at once offers this, and the gateway uses it for calls whose
/// policy counts units.
public protocol AdmissionJournal: Sendable {
    /// Reserves every check's units (or none), then appends `entry(outcome)` — the call's audit
    /// row, as the outcome decides it — all durably; returns the outcome and the row's id.
    func admit(_ checks: [LimitCheck], at now: Date, entry: @escaping @Sendable (ReservationOutcome) -> AuditEntry)
        async throws -> (outcome: ReservationOutcome, auditID: Int64)
}

/// The admission journal on the SQLite file, committing in groups like ``AuditLog``: the first
/// caller writes at once; callers arriving meanwhile go together in the next transaction, each
/// reservation seeing the ones before it (so budgets stay exact). A lone caller waits for
/// exactly one transaction.
public actor SQLiteAdmissionJournal: AdmissionJournal {
    private let database: SQLiteDatabase
    private let counters: SQLiteCounterStore
    /// The most calls one transaction carries.
    public let maxBatch: Int

    private struct Request: Sendable {
        var checks: [LimitCheck]
        var seconds: Double
        var reservationID: String
        var entry: @Sendable (ReservationOutcome) -> AuditEntry
    }

    private typealias Admitted = (outcome: ReservationOutcome, auditID: Int64)

    private enum Turn {
        case written(Admitted)
        case lead
    }

    private struct Waiter {
        var request: Request
        var continuation: CheckedContinuation<Turn, any Error>
    }

    private var writing = false
    private var waiting: [Waiter] = []

    public init(database: SQLiteDatabase, counters: SQLiteCounterStore, maxBatch: Int = 128) {
        self.database = database
        self.counters = counters
        self.maxBatch = max(1, maxBatch)
    }

    public func admit(_ checks: [LimitCheck], at now: Date, entry: @escaping @Sendable (ReservationOutcome) -> AuditEntry)
        async throws -> (outcome: ReservationOutcome, auditID: Int64)
    {
        let request = Request(checks: checks, seconds: now.timeIntervalSince1970, reservationID: counters.nextReservationID(), entry: entry)
        if writing {
            let turn = try await withCheckedThrowingContinuation { continuation in
                waiting.append(Waiter(request: request, continuation: continuation))
            }
            if case .written(let admitted) = turn { return admitted }
        } else {
            writing = true
        }
        return try await lead(with: request)
    }

    /// Writes the leader's request with everything queued, releases the followers, passes the lead.
    private func lead(with request: Request) async throws -> Admitted {
        let followers = Array(waiting.prefix(maxBatch - 1))
        waiting.removeFirst(followers.count)
        do {
            let results = try await Self.write([request] + followers.map(\.request), to: database)
            for (follower, result) in zip(followers, results.dropFirst()) {
                follower.continuation.resume(returning: .written(result))
            }
            passTheLead()
            return results[0]
        } catch {
            for follower in followers { follower.continuation.resume(throwing: error) }
            passTheLead()
            throw error
        }
    }

    private func passTheLead() {
        if waiting.isEmpty {
            writing = false
        } else {
            waiting.removeFirst().continuation.resume(returning: .lead)
        }
    }

    /// One transaction for the batch, off the actor so that more callers can queue meanwhile.
    private nonisolated static func write(_ requests: [Request], to database: SQLiteDatabase) async throws -> [Admitted] {
        try database.writeInline("admissions") { db in
            try requests.map { request in
                let outcome = try SQLiteCounterStore.reserve(request.checks, at: request.seconds, id: request.reservationID, in: db)
                let ids = try SQLiteAuditStore.insert([request.entry(outcome)], into: db)
                return (outcome, ids[0])
            }
        }
    }
}
