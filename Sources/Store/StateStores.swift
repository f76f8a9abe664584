import Foundation
import Logging
import Policy

/// Every store Gatehouse keeps, opened on one backend — so `serve` and every CLI command open
/// state the same way.
///
/// SQLite is ready once opened. PostgreSQL needs its connection pool running: run ``run()``
/// for the process's life (then ``migrate()``), or use ``withOpen(_:logger:_:)`` for a bounded job.
public struct StateStores: Sendable {
    public let location: StoreLocation
    public let counters: any CounterStore
    public let grants: any GrantStore
    public let audit: any AuditStore
    public let approvals: any ApprovalStore
    public let pins: any PinStore
    public let policyVersions: any PolicyVersionStore
    /// Digests arguments with the installation's key: read from the data folder when SQLite
    /// opens, from the database by ``migrate()`` for PostgreSQL.
    public var digester = ArgumentDigester()
    /// Set for PostgreSQL: the pool ``run()`` runs.
    public let postgres: PostgresDatabase?
    /// Set for SQLite: the file ``run()`` checkpoints.
    public var sqlite: SQLiteDatabase? = nil
    /// Set when counters and audit log share a database: reservation and audit row in one
    /// transaction (see ``AdmissionJournal``).
    public var admissions: (any AdmissionJournal)? = nil
    /// What ``run()``'s pauses (checkpoints, sweeps, PostgreSQL's probe) are timed on, and the
    /// date its counter sweeps use (tests pass ones they advance).
    public var clock: any Clock<Duration> = ContinuousClock()
    public var time: any TimeSource = SystemTimeSource()

    /// Whether the backend answers: PostgreSQL's last probe (see ``PostgresDatabase/health``);
    /// a SQLite file, once opened, is always there.
    public var health: StoreHealth { postgres?.health ?? StoreHealth(kind: "sqlite", isUp: true) }

    /// Opens the stores. SQLite files are created and migrated here; PostgreSQL is migrated by
    /// ``migrate()`` once ``run()`` is running. `clock` and `time` are ``clock`` and ``time``
    /// (PostgreSQL's operation deadlines are timed on `clock` too).
    public static func open(
        _ location: StoreLocation, logger: Logger = Logger(label: "gatehouse.store"),
        clock: any Clock<Duration> = ContinuousClock(), time: any TimeSource = SystemTimeSource()
    ) throws(StoreError) -> StateStores {
        var stores: StateStores
        switch location {
        case .sqlite(let directory):
            let database = try SQLiteDatabase(directory: directory)
            let counters = SQLiteCounterStore(database: database)
            let key = try ArgumentDigestKeyFile.loadOrCreate(directory: directory)
            stores = StateStores(
                location: location, counters: counters, grants: SQLiteGrantStore(database: database),
                audit: SQLiteAuditStore(database: database), approvals: SQLiteApprovalStore(database: database),
                pins: SQLitePinStore(database: database), policyVersions: SQLitePolicyVersionStore(database: database),
                digester: ArgumentDigester(key: key), postgres: nil, sqlite: database,
                admissions: SQLiteAdmissionJournal(database: database, counters: counters))
        case .postgres(let url):
            let database = try PostgresDatabase(url: url, logger: logger, clock: clock)
            stores = StateStores(
                location: location, counters: PostgresCounterStore(database: database), grants: PostgresGrantStore(database: database),
                audit: PostgresAuditStore(database: database), approvals: PostgresApprovalStore(database: database),
                pins: PostgresPinStore(database: database), policyVersions: PostgresPolicyVersionStore(database: database),
                postgres: database)
        }
        stores.clock = clock
        stores.time = time
        return stores
    }

    /// Runs what the backend needs in the background until the task is cancelled: PostgreSQL's
    /// pool, listener, probe and a sweep of expired counter rows (every minute), or for SQLite
    /// the write-ahead-log checkpoints (every second, so that no commit on the hot path has to
    /// do one) and the counters' sweep of expired entries (every minute). Timed on ``clock``.
    public func run() async {
        if let postgres {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await postgres.run() }
                group.addTask { await sweepCounters(every: .seconds(60)) }
                await group.next()
                group.cancelAll()
            }
        } else if let sqlite {
            var seconds = 0
            while !Task.isCancelled {
                try? await clock.sleep(for: .seconds(1))
                await sqlite.checkpoint()
                seconds += 1
                if seconds % 60 == 0 { try? await counters.sweep(at: time.now()) }
            }
            await sqlite.checkpoint()
        } else {
            while !Task.isCancelled { try? await clock.sleep(for: .seconds(3600)) }
        }
    }

    /// Deletes expired counter rows now and then (PostgreSQL: reservations leave them alone,
    /// so as not to hold a hot counter's lock longer).
    private func sweepCounters(every interval: Duration) async {
        while !Task.isCancelled {
            guard (try? await clock.sleep(for: interval)) != nil else { return }
            try? await counters.sweep(at: time.now())
        }
    }

    /// Brings PostgreSQL's schema up to date (SQLite's was, on open) and reads the shared
    /// argument digest key. Needs ``run()`` running.
    public func migrate() async throws(StoreError) {
        guard let postgres else { return }
        try await postgres.migrate()
        digester.use(try await PostgresInstallationKeys.argumentDigestKey(in: postgres))
    }

    /// Opens the stores, runs and migrates them, calls `body`, and stops them — for commands.
    public static func withOpen<Result: Sendable>(
        _ location: StoreLocation, logger: Logger = Logger(label: "gatehouse.store"), _ body: @Sendable (StateStores) async throws -> Result
    ) async throws -> Result {
        let stores = try open(location, logger: logger)
        guard stores.postgres != nil else { return try await body(stores) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await stores.run() }
            defer { group.cancelAll() }
            try await stores.migrate()
            return try await body(stores)
        }
    }
}
