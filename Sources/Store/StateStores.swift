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
    /// Set for PostgreSQL: the pool ``run()`` runs.
    public let postgres: PostgresDatabase?
    /// Set for SQLite: the file ``run()`` checkpoints.
    public var sqlite: SQLiteDatabase? = nil

    /// Opens the stores. SQLite files are created and migrated here; PostgreSQL is migrated by
    /// ``migrate()`` once ``run()`` is running.
    public static func open(_ location: StoreLocation, logger: Logger = Logger(label: "gatehouse.store")) throws(StoreError) -> StateStores {
        switch location {
        case .sqlite(let directory):
            let database = try SQLiteDatabase(directory: directory)
            return StateStores(
                location: location, counters: SQLiteCounterStore(database: database), grants: SQLiteGrantStore(database: database),
                audit: SQLiteAuditStore(database: database), approvals: SQLiteApprovalStore(database: database),
                pins: SQLitePinStore(database: database), policyVersions: SQLitePolicyVersionStore(database: database), postgres: nil,
                sqlite: database)
        case .postgres(let url):
            let database = try PostgresDatabase(url: url, logger: logger)
            return StateStores(
                location: location, counters: PostgresCounterStore(database: database), grants: PostgresGrantStore(database: database),
                audit: PostgresAuditStore(database: database), approvals: PostgresApprovalStore(database: database),
                pins: PostgresPinStore(database: database), policyVersions: PostgresPolicyVersionStore(database: database),
                postgres: database)
        }
    }

    /// Runs what the backend needs in the background until the task is cancelled: PostgreSQL's
    /// pool and listener, or SQLite's write-ahead-log checkpoints (every second, so that no
    /// commit on the hot path has to do one).
    public func run() async {
        if let postgres {
            await postgres.run()
        } else if let sqlite {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                await sqlite.checkpoint()
            }
            await sqlite.checkpoint()
        } else {
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
        }
    }

    /// Brings PostgreSQL's schema up to date (SQLite's was, on open). Needs ``run()`` running.
    public func migrate() async throws(StoreError) {
        try await postgres?.migrate()
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
