import Foundation
import Logging
import Policy
import PostgresNIO

/// Rate-limit counters in PostgreSQL, shared by every replica: a limit of 30 a minute means 30
/// in total, however many gateways admit calls.
///
/// A reservation runs in one transaction that first takes a transaction-scoped advisory lock
/// per counter key (in a fixed order, so two reservations never deadlock), then checks and
/// inserts — the same sliding log as ``SQLiteCounterStore``.
///
/// Before that, one read without any lock looks for a counter that is already exceeded: a
/// snapshot in which the call does not fit is a moment at which refusing it was right, so
/// the refusal stays exact — and the calls of an agent hammering an exhausted limit (the
/// common case past the limit) never queue behind the lock. Expired rows are deleted by
/// ``sweep(at:)`` (``StateStores/run()`` calls it every minute), not under the lock.
///
/// Reservations commit without waiting for their WAL flush (`synchronous_commit` off for that
/// transaction only): a committed reservation is visible to every replica at once, but the lock
/// is released without an fsync per call, which would otherwise cap one hot counter at the
/// disk's flushes per second. Nothing is lost for calls that went ahead: the gateway commits a
/// call's audit row synchronously before forwarding it, and that flush carries every earlier WAL
/// record, the reservation's included. A database crash can only forget reservations whose
/// calls were never forwarded.
public final class PostgresCounterStore: CounterStore {
    private let database: PostgresDatabase
    private let idPrefix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    private let sequence = ReservationSequence()

    public init(database: PostgresDatabase) {
        self.database = database
    }

    static let createTables: [PostgresQuery] = [
        """
        CREATE TABLE counter_entry (
            counter_key TEXT NOT NULL,
            time DOUBLE PRECISION NOT NULL,
            amount DOUBLE PRECISION NOT NULL,
            reservation TEXT NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL)
        """,
        "CREATE INDEX counter_entry_by_key ON counter_entry (counter_key, time)",
        "CREATE INDEX counter_entry_by_reservation ON counter_entry (reservation)",
        "CREATE INDEX counter_entry_by_expiry ON counter_entry (expires_at)",
    ]

    public func reserve(_ checks: [LimitCheck], at now: Date) async throws -> ReservationOutcome {
        let seconds = now.timeIntervalSince1970
        let id = "\(idPrefix)-\(sequence.next())"
        let logger = database.logger
        if let exceeded = try await firstExceeded(checks, now: seconds) { return exceeded }
        return try await database.boundedTransaction("counters") { connection in
            // The commit below releases the lock: not waiting for its WAL flush (an fsync) lets
            // the next reservation of a hot counter in milliseconds sooner (see the type's notes).
            try await connection.query("SELECT set_config('synchronous_commit', 'off', true)", logger: logger)
            for key in Set(checks.map(\.key.description)).sorted() {
                try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))", logger: logger)
            }
            for check in checks {
                if case .exceeded(let retryAfter) = try await Self.admission(of: check, now: seconds, query: { query in
                    try await connection.query(query, logger: logger)
                }) {
                    return ReservationOutcome.exceeded(check, retryAfter: retryAfter)
                }
            }
            for check in checks {
                let expiresAt = check.entryExpiry(at: seconds)
                try await connection.query("""
                    INSERT INTO counter_entry (counter_key, time, amount, reservation, expires_at)
                    VALUES (\(check.key.description), \(seconds), \(check.amount), \(id), \(expiresAt))
                    """, logger: logger)
            }
            return ReservationOutcome.reserved(Reservation(id: id, keys: checks.map(\.key)))
        }
    }

    /// The first check that does not fit in a lock-free snapshot, as an outcome.
    private func firstExceeded(_ checks: [LimitCheck], now: Double) async throws -> ReservationOutcome? {
        for check in checks {
            if case .exceeded(let retryAfter) = try await Self.admission(of: check, now: now, query: { [database] query in
                try await database.query("counters", query)
            }) {
                return .exceeded(check, retryAfter: retryAfter)
            }
        }
        return nil
    }

    /// Whether `check` fits: first the window's sum, computed by the database (a hot counter
    /// with a large `max` holds thousands of rows a window: reading them all on every call made
    /// one counter admit ~50 calls a second); the rows themselves only when it does not fit, to
    /// tell when it will.
    private static func admission(of check: LimitCheck, now: Double,
                                  query: (PostgresQuery) async throws -> PostgresRowSequence) async throws -> CounterLog.Admission {
        let start = CounterLog.windowStart(now: now, windowSeconds: check.windowSeconds, align: check.align)
        let key = check.key.description
        // Rolling windows count entries after their start, calendar windows from it (CounterLog).
        let sumQuery: PostgresQuery = check.align == .rolling
            ? "SELECT coalesce(sum(amount), 0) FROM counter_entry WHERE counter_key = \(key) AND time > \(start)"
            : "SELECT coalesce(sum(amount), 0) FROM counter_entry WHERE counter_key = \(key) AND time >= \(start)"
        var used = 0.0
        for try await sum in try await query(sumQuery).decode(Double.self) { used = sum }
        let sum = CounterLog(entries: [CounterLog.Entry(time: now, amount: used, reservation: "")])
        let fits = sum.admission(amount: check.amount, max: check.max, now: now, windowSeconds: check.windowSeconds, align: check.align)
        guard fits != .admitted else { return .admitted }
        let log = try await counterLog(query(windowQuery(key: key, check: check, now: now)))
        return log.admission(amount: check.amount, max: check.max, now: now, windowSeconds: check.windowSeconds, align: check.align)
    }

    private static func windowQuery(key: String, check: LimitCheck, now: Double) -> PostgresQuery {
        let start = CounterLog.windowStart(now: now, windowSeconds: check.windowSeconds, align: check.align)
        return """
            SELECT time, amount, reservation FROM counter_entry
            WHERE counter_key = \(key) AND time >= \(start) ORDER BY time
            """
    }

    private static func counterLog(_ rows: PostgresRowSequence) async throws -> CounterLog {
        var entries: [CounterLog.Entry] = []
        for try await (time, amount, reservation) in rows.decode((Double, Double, String).self) {
            entries.append(CounterLog.Entry(time: time, amount: amount, reservation: reservation))
        }
        return CounterLog(entries: entries)
    }

    public func commit(_ reservation: Reservation) async throws {}

    public func rollback(_ reservation: Reservation) async throws {
        try await database.query("counters", "DELETE FROM counter_entry WHERE reservation = \(reservation.id)")
    }

    public func usage(of key: CounterKey, windowSeconds: Double, align: WindowAlignment, at now: Date) async throws -> Double {
        let seconds = now.timeIntervalSince1970
        let start = CounterLog.windowStart(now: seconds, windowSeconds: windowSeconds, align: align)
        do {
            let rows = try await database.query("counters", """
                SELECT time, amount, reservation FROM counter_entry
                WHERE counter_key = \(key.description) AND time >= \(start) ORDER BY time
                """)
            return try await Self.counterLog(rows).used(now: seconds, windowSeconds: windowSeconds, align: align)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable("counters: \(String(reflecting: error))")
        }
    }

    /// Deletes every expired row, for idle keys that no reservation prunes.
    public func sweep(at now: Date) async throws {
        try await database.query("counters", "DELETE FROM counter_entry WHERE expires_at <= \(now.timeIntervalSince1970)")
    }
}
