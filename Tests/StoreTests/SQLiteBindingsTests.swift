import Foundation
import GRDB
import Testing
@testable import Store

/// The hot path's direct binding and its transaction: values arrive as GRDB would write them,
/// failures are SQLite's errors, and a transaction whose body throws leaves nothing behind.
@Suite struct SQLiteBindingsTests {
    static func database() throws -> SQLiteDatabase {
        let database = try SQLiteDatabase(directory: temporaryDirectory())
        try database.pool.write { db in
            try db.execute(sql: "CREATE TABLE t (text TEXT, real REAL, integer INTEGER, required TEXT NOT NULL)")
        }
        return database
    }

    static func insert(_ text: String?, _ real: Double?, _ integer: Int64?, required: String?, in db: Database) throws {
        let statement = try db.cachedStatement(sql: "INSERT INTO t (text, real, integer, required) VALUES (?, ?, ?, ?)")
        try SQLiteBindings.execute(statement, in: db) { row in
            row.bind(text); row.bind(real); row.bind(integer); row.bind(required)
        }
    }

    @Test(arguments: [
        ("plain", 1.5, Int64(7)),
        ("quotes ' \" and ünïcödé, 日本語, emoji 🛂", -0.25, Int64.max),
        ("", 0, Int64.min),
    ])
    func valuesReadBackAsBound(text: String, real: Double, integer: Int64) throws {
        let database = try Self.database()
        try database.writeInline("test") { db in try Self.insert(text, real, integer, required: "x", in: db) }
        let row = try #require(try database.pool.read { db in try Row.fetchOne(db, sql: "SELECT text, real, integer FROM t") })
        #expect(row["text"] as String? == text)
        #expect(row["real"] as Double? == real)
        #expect(row["integer"] as Int64? == integer)
    }

    @Test func nilBindsNull() throws {
        let database = try Self.database()
        try database.writeInline("test") { db in try Self.insert(nil, nil, nil, required: "x", in: db) }
        let nulls = try database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM t WHERE text IS NULL AND real IS NULL AND integer IS NULL")
        }
        #expect(nulls == 1)
    }

    @Test func aSingleValueIsReadAndAMissingRowIsNil() throws {
        let database = try Self.database()
        try database.writeInline("test") { db in
            try Self.insert("a", 2.5, 1, required: "x", in: db)
            let select = try db.cachedStatement(sql: "SELECT real FROM t WHERE text = ?")
            #expect(try SQLiteBindings.double(select, in: db) { $0.bind("a") } == 2.5)
            #expect(try SQLiteBindings.double(select, in: db) { $0.bind("nobody") } == nil)
        }
    }

    @Test func aFailingStatementThrowsAndItsTransactionLeavesNothing() throws {
        let database = try Self.database()
        #expect(throws: StoreError.self) {
            try database.writeInline("test") { db in
                try Self.insert("first", 1, 1, required: "x", in: db)
                try Self.insert("second", 2, 2, required: nil, in: db)  // NOT NULL: SQLite refuses it
            }
        }
        // Rolled back, and the connection takes the next transaction as usual.
        try database.writeInline("test") { db in try Self.insert("third", 3, 3, required: "x", in: db) }
        let texts = try database.pool.read { db in try String.fetchAll(db, sql: "SELECT text FROM t") }
        #expect(texts == ["third"])
    }

    @Test func aStatementBoundShortIsRefusedRatherThanRunWithTheLastCallsValues() throws {
        let database = try Self.database()
        try database.writeInline("test") { db in try Self.insert("first", 1, 1, required: "x", in: db) }
        #expect(throws: StoreError.self) {
            try database.writeInline("test") { db in
                let statement = try db.cachedStatement(sql: "INSERT INTO t (text, real, integer, required) VALUES (?, ?, ?, ?)")
                try SQLiteBindings.execute(statement, in: db) { row in row.bind("second"); row.bind(2.0) }
            }
        }
        let texts = try database.pool.read { db in try String.fetchAll(db, sql: "SELECT text FROM t") }
        #expect(texts == ["first"])
    }
}
