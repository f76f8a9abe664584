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

    private init(_ statement: SQLiteStatement) {
        self.statement = statement
    }

    /// Binds the next parameter to `value` (NULL when nil); SQLite copies the text.
    mutating func bind(_ value: String?) {
        index += 1
        guard var value else {
            sqlite3_bind_null(statement, index)
            return
        }
        value.withUTF8 { bytes in
            _ = sqlite3_bind_text(statement, index, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                  Int32(bytes.count), Self.transient)
        }
    }

    /// Binds the next parameter to `value` (NULL when nil).
    mutating func bind(_ value: Double?) {
        index += 1
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    /// Binds the next parameter to `value` (NULL when nil).
    mutating func bind(_ value: Int64?) {
        index += 1
        if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
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
