import GRDB
import GRDBSQLite

/// A prepared statement's parameters bound straight through SQLite's C API, for the few
/// statements every admitted call runs (its counter reservation and its audit row).
///
/// GRDB's `execute(arguments:)` converts each argument to a `DatabaseValue`, binds it through
/// nested closures and asks its observation machinery about the statement: about a fifth of an
/// admission's CPU (docs/benchmarks.md). This binds in order, steps once and resets, with the
/// same SQLite error GRDB would throw. Use it only on statements from `Database.cachedStatement`
/// (GRDB keeps and finalizes them), inside a write transaction (``SQLiteDatabase/writeInline(_:_:)``).
struct SQLiteBindings {
    private let statement: SQLiteStatement
    private var index: Int32 = 0
    /// The first bind that SQLite refused (SQLITE_OK while none has).
    private var failure: Int32 = SQLITE_OK

    private init(_ statement: SQLiteStatement) {
        self.statement = statement
    }

    /// Binds the next parameter to `value` (NULL when nil); SQLite copies the text.
    mutating func bind(_ value: String?) {
        index += 1
        guard var value else {
            record(sqlite3_bind_null(statement, index))
            return
        }
        let code = value.withUTF8 { bytes in
            sqlite3_bind_text(statement, index, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                              Int32(bytes.count), Self.transient)
        }
        record(code)
    }

    /// Binds the next parameter to `value` (NULL when nil).
    mutating func bind(_ value: Double?) {
        index += 1
        record(value.map { sqlite3_bind_double(statement, index, $0) } ?? sqlite3_bind_null(statement, index))
    }

    /// Binds the next parameter to `value` (NULL when nil).
    mutating func bind(_ value: Int64?) {
        index += 1
        record(value.map { sqlite3_bind_int64(statement, index, $0) } ?? sqlite3_bind_null(statement, index))
    }

    private mutating func record(_ code: Int32) {
        if failure == SQLITE_OK, code != SQLITE_OK { failure = code }
    }

    /// SQLITE_OK when every parameter of the statement was bound, once each and without error:
    /// otherwise a parameter left out would keep the previous call's value.
    private var outcome: Int32 {
        if failure != SQLITE_OK { return failure }
        return index == sqlite3_bind_parameter_count(statement) ? SQLITE_OK : SQLITE_RANGE
    }

    /// SQLITE_TRANSIENT: SQLite copies a bound text before `bind` returns (the C macro is a cast
    /// Swift cannot import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds with `bind`, runs `statement` to its end (an INSERT, UPDATE or DELETE), and resets it.
    static func execute(_ statement: Statement, in db: Database, _ bind: (inout SQLiteBindings) -> Void) throws {
        try step(statement, in: db, bind) { _ in }
    }

    /// Binds with `bind` and returns the first column of the first row as a Double, nil when
    /// there is no row or it is NULL (a SELECT of one value).
    static func double(_ statement: Statement, in db: Database, _ bind: (inout SQLiteBindings) -> Void) throws -> Double? {
        var value: Double?
        try step(statement, in: db, bind) { handle in
            if sqlite3_column_type(handle, 0) != SQLITE_NULL { value = sqlite3_column_double(handle, 0) }
        }
        return value
    }

    /// Steps once: `row` reads the first row if there is one (the rest are not read).
    private static func step(_ statement: Statement, in db: Database, _ bind: (inout SQLiteBindings) -> Void,
                             row: (SQLiteStatement) -> Void) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        var bindings = SQLiteBindings(handle)
        bind(&bindings)
        defer { sqlite3_reset(handle) }
        guard bindings.outcome == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: bindings.outcome),
                                message: "\(bindings.index) parameters bound, the statement has \(sqlite3_bind_parameter_count(handle))",
                                sql: statement.sql)
        }
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW {
            row(handle)
            return
        }
        guard code == SQLITE_DONE else {
            let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}
