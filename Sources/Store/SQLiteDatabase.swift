import Foundation
import GRDB

/// The embedded store: one SQLite file (WAL) holding everything that must survive a restart.
///
/// Several gateway processes may open the same file: writes are IMMEDIATE transactions, so
/// check-and-take operations (counters) stay exact across processes too.
public final class SQLiteDatabase: Sendable {
    /// The file name inside the data folder.
    public static let fileName = "gatehouse.sqlite"

    public let pool: DatabasePool
    public let path: String

    /// Opens (creating if needed) `<directory>/gatehouse.sqlite` and migrates it to the latest
    /// schema. The folder is created 0700, the file and its `-wal` and `-shm` are 0600
    /// (``PrivateFiles``): the file is made before SQLite opens it, and SQLite gives the files
    /// it adds the mode of the database's.
    public init(directory: String) throws(StoreError) {
        try PrivateFiles.createFolder(directory)
        path = URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName).path
        try PrivateFiles.prepareFile(path)
        for suffix in ["-wal", "-shm"] { PrivateFiles.narrow(path + suffix) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "gatehouse"
        configuration.prepareDatabase { db in
            // WAL makes a durable commit cheap; NORMAL is durable across process crashes.
            // Small pages: a commit writes each page it touched to the log, and our rows are small.
            // (Takes effect when the file is created.)
            try db.execute(sql: "PRAGMA page_size = 1024")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A checkpoint fsyncs the database file. Left automatic it runs inside whichever
            // commit crosses the threshold — on the gateway's hot path. `checkpoint()` runs it
            // in the background instead (StateStores.run), and SQLite still checkpoints when
            // the last connection closes.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteSchema.migrator.migrate(pool)
        } catch {
            throw StoreError.unavailable("cannot open \(path): \(error)")
        }
    }
}

extension SQLiteDatabase {
    /// Copies the write-ahead log into the database file without waiting for readers (a
    /// passive checkpoint), off the callers' threads.
    public func checkpoint() async {
        _ = try? await pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
    }

    /// A read, with any database failure reported as ``StoreError/unavailable(_:)`` naming `area`.
    func read<T: Sendable>(_ area: String, _ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable("\(area): \(error)")
        }
    }

    /// A short write transaction run on the calling thread, for the gateway's hot path.
    ///
    /// GRDB's async `write` hands the transaction to its writer queue's thread and resumes the
    /// caller on another one: two thread switches, which cost more than a small transaction.
    /// The synchronous form runs the transaction on the caller's thread whenever the writer is
    /// free (and waits for it otherwise), so use it only for transactions of a few statements.
    func writeInline<T: Sendable>(_ area: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in try Self.immediateTransaction(db, body) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable("\(area): \(error)")
        }
    }

    /// `body` in an IMMEDIATE transaction, committed when it returns and rolled back when it
    /// throws — what GRDB's `write` does, with `BEGIN` and `COMMIT` prepared once per connection
    /// (GRDB compiles both afresh for every transaction, a tenth of a small admission's CPU).
    static func immediateTransaction<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
        do {
            let result = try body(db)
            try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
            return result
        } catch {
            // A failed statement may have ended the transaction already (SQLite rolls back on some errors).
            if db.isInsideTransaction { try? db.cachedStatement(sql: "ROLLBACK TRANSACTION").execute() }
            throw error
        }
    }

    /// A write transaction (IMMEDIATE), with failures reported like ``read(_:_:)``.
    func write<T: Sendable>(_ area: String, _ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable("\(area): \(error)")
        }
    }
}
