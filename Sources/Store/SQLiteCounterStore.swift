import Foundation
import GRDB
import Policy
import Synchronization

/// Rate-limit counters in SQLite: exact across concurrent callers and processes, and they
/// survive a restart (a daily limit stays spent).
///
/// Each admitted call is a row (the sliding log of ``CounterLog``). A reservation checks and
/// inserts inside one IMMEDIATE transaction, so no two callers can both take the last unit.
public final class SQLiteCounterStore: CounterStore {
    private let database: SQLiteDatabase
    /// Reservation ids must be unique across processes sharing the file.
    private let idPrefix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
    private let sequence = ReservationSequence()

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE counter_entry (
                counter_key TEXT NOT NULL,
                time REAL NOT NULL,
                amount REAL NOT NULL,
                reservation TEXT NOT NULL,
                expires_at REAL NOT NULL
            );
            CREATE INDEX counter_entry_by_key ON counter_entry(counter_key, time);
            CREATE INDEX counter_entry_by_reservation ON counter_entry(reservation);
            CREATE INDEX counter_entry_by_expiry ON counter_entry(expires_at);
            """)
    }

    /// Keeps, per counter key, the sum of its entries (`counter_total`), so that the common case
    /// — a call that fits — costs an indexed read and two small writes, however many calls the
    /// window holds. Expired entries are dropped when a key nears its limit and by ``sweep(at:)``
    /// (StateStores.run calls it every minute); the whole log is read only to say when a refused
    /// call may retry.
    ///
    /// Every index is written on every call, so the log keeps only the two it needs: by key
    /// and expiry (pruning, totals, the log of one key) and by reservation (rollback).
    static func createTotals(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE counter_total (
                counter_key TEXT PRIMARY KEY NOT NULL,
                total REAL NOT NULL
            ) WITHOUT ROWID;
            CREATE INDEX counter_entry_by_key_expiry ON counter_entry(counter_key, expires_at);
            DROP INDEX counter_entry_by_key;
            DROP INDEX counter_entry_by_expiry;
            """)
    }

    public func reserve(_ checks: [LimitCheck], at now: Date) async throws -> ReservationOutcome {
        let id = nextReservationID()
        return try database.writeInline("counters") { db in
            try Self.reserve(checks, at: now.timeIntervalSince1970, id: id, in: db)
        }
    }

    /// A reservation id unique across the processes sharing the file.
    func nextReservationID() -> String {
        "\(idPrefix)-\(sequence.next())"
    }

    /// Checks and takes every check's units inside the caller's transaction, or none (also used
    /// by ``SQLiteAdmissionJournal``, which records the call's audit row in the same transaction).
    static func reserve(_ checks: [LimitCheck], at seconds: Double, id: String, in db: Database) throws -> ReservationOutcome {
        for check in checks {
            let key = check.key.description
            // The recorded total may still hold expired entries: it is never below the units in
            // the window, so a call that fits it fits for sure. Only near the limit are expired
            // entries dropped (here, or by the sweep) to get the exact figure.
            let recorded = try recordedTotal(db, key: key)
            if recorded + check.amount <= check.max + CounterLog.tolerance { continue }
            let live = try dropExpired(db, key: key, now: seconds, recorded: recorded)
            if live + check.amount <= check.max + CounterLog.tolerance { continue }
            let log = try log(db, key: check.key, windowSeconds: check.windowSeconds, align: check.align, now: seconds)
            let admission = log.admission(amount: check.amount, max: check.max, now: seconds,
                                          windowSeconds: check.windowSeconds, align: check.align)
            if case .exceeded(let retryAfter) = admission {
                return .exceeded(check, retryAfter: retryAfter)
            }
        }
        let insert = try db.cachedStatement(
            sql: "INSERT INTO counter_entry (counter_key, time, amount, reservation, expires_at) VALUES (?, ?, ?, ?, ?)")
        let add = try db.cachedStatement(sql: "UPDATE counter_total SET total = total + ? WHERE counter_key = ?")
        for check in checks {
            let key = check.key.description
            try SQLiteBindings.execute(insert, in: db) { row in
                row.bind(key); row.bind(seconds); row.bind(check.amount); row.bind(id); row.bind(check.entryExpiry(at: seconds))
            }
            try SQLiteBindings.execute(add, in: db) { row in
                row.bind(check.amount); row.bind(key)
            }
        }
        return .reserved(Reservation(id: id, keys: checks.map(\.key)))
    }

    /// The key's running total (computed from its entries the first time).
    private static func recordedTotal(_ db: Database, key: String) throws -> Double {
        let recorded = try db.cachedStatement(sql: "SELECT total FROM counter_total WHERE counter_key = ?")
        if let total = try SQLiteBindings.double(recorded, in: db, { $0.bind(key) }) {
            return total
        }
        let total = try Double.fetchOne(
            db.cachedStatement(sql: "SELECT COALESCE(SUM(amount), 0) FROM counter_entry WHERE counter_key = ?"), arguments: [key]) ?? 0
        try db.cachedStatement(sql: "INSERT INTO counter_total (counter_key, total) VALUES (?, ?)").execute(arguments: [key, total])
        return total
    }

    /// Deletes the key's expired entries and takes them off its total; returns the exact units
    /// in the window.
    private static func dropExpired(_ db: Database, key: String, now: Double, recorded: Double) throws -> Double {
        let expired = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS units FROM counter_entry WHERE counter_key = ? AND expires_at <= ?"),
            arguments: [key, now])
        let count: Int = expired?["n"] ?? 0
        guard count > 0 else { return recorded }
        try db.cachedStatement(sql: "DELETE FROM counter_entry WHERE counter_key = ? AND expires_at <= ?").execute(arguments: [key, now])
        let units: Double = expired?["units"] ?? 0
        // Sums of decimal amounts drift by rounding; never below zero, exactly zero when empty.
        let remaining = max(0, recorded - units)
        let settled = remaining < CounterLog.tolerance ? 0 : remaining
        try db.cachedStatement(sql: "UPDATE counter_total SET total = ? WHERE counter_key = ?").execute(arguments: [settled, key])
        return settled
    }

    /// The key's entries that still count at `now`, after dropping every expired row.
    private static func log(_ db: Database, key: CounterKey, windowSeconds: Double, align: WindowAlignment, now: Double) throws -> CounterLog {
        try db.execute(sql: "DELETE FROM counter_entry WHERE counter_key = ? AND expires_at <= ?", arguments: [key.description, now])
        let start = CounterLog.windowStart(now: now, windowSeconds: windowSeconds, align: align)
        let rows = try Row.fetchAll(
            db, sql: "SELECT time, amount, reservation FROM counter_entry WHERE counter_key = ? AND expires_at > ? AND time >= ?",
            arguments: [key.description, now, start])
        return CounterLog(entries: rows.map { row in
            CounterLog.Entry(time: row["time"], amount: row["amount"], reservation: row["reservation"])
        })
    }

    public func commit(_ reservation: Reservation) async throws {}

    public func rollback(_ reservation: Reservation) async throws {
        do {
            try await database.pool.write { db in
                try db.execute(sql: """
                    UPDATE counter_total SET total = max(0, total - (
                        SELECT COALESCE(SUM(e.amount), 0) FROM counter_entry e
                        WHERE e.reservation = ? AND e.counter_key = counter_total.counter_key))
                    WHERE counter_key IN (SELECT counter_key FROM counter_entry WHERE reservation = ?)
                    """, arguments: [reservation.id, reservation.id])
                try db.execute(sql: "DELETE FROM counter_entry WHERE reservation = ?", arguments: [reservation.id])
            }
        } catch {
            throw StoreError.unavailable("counters: \(error)")
        }
    }

    public func usage(of key: CounterKey, windowSeconds: Double, align: WindowAlignment, at now: Date) async throws -> Double {
        let seconds = now.timeIntervalSince1970
        do {
            return try await database.pool.read { db in
                let start = CounterLog.windowStart(now: seconds, windowSeconds: windowSeconds, align: align)
                let rows = try Row.fetchAll(
                    db, sql: "SELECT time, amount, reservation FROM counter_entry WHERE counter_key = ? AND time >= ? ORDER BY time",
                    arguments: [key.description, start])
                return CounterLog(entries: rows.map {
                    CounterLog.Entry(time: $0["time"], amount: $0["amount"], reservation: $0["reservation"])
                }).used(now: seconds, windowSeconds: windowSeconds, align: align)
            }
        } catch {
            throw StoreError.unavailable("counters: \(error)")
        }
    }

    /// Deletes every expired row, for idle keys that no reservation prunes.
    public func sweep(at now: Date) async throws {
        try await database.pool.write { db in
            try db.execute(sql: "DELETE FROM counter_entry WHERE expires_at <= ?", arguments: [now.timeIntervalSince1970])
            try db.execute(sql: """
                UPDATE counter_total SET total = (
                    SELECT COALESCE(SUM(e.amount), 0) FROM counter_entry e WHERE e.counter_key = counter_total.counter_key)
                """)
        }
    }
}

/// Increasing numbers for reservation ids, safe to use from any thread.
final class ReservationSequence: Sendable {
    private let value = Mutex<UInt64>(0)

    func next() -> UInt64 {
        value.withLock { value in
            value += 1
            return value
        }
    }
}
