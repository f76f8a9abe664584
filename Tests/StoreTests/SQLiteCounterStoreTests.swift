import Foundation
import Policy
import TestSupport
import Testing
@testable import Store

/// What only the SQLite counter store promises: state on a real file that survives a restart.
/// (Exactness under concurrency is in ``CounterStoreContractTests``, shared by every store.)
@Suite struct SQLiteCounterStoreTests {
    @Test func aDailyLimitSurvivesARestart() async throws {
        let directory = temporaryDirectory()
        let policy = try CompiledPolicy(text: """
            {"version": "1", "tools": {"pay": {"limits": [
              {"counter": "spend", "window": "day", "max": 100, "increment_from": "args.amount", "align": "calendar"}]}}}
            """)
        let clock = ManualTimeSource()
        do {
            let engine = PolicyEngine(policy: policy, counters: SQLiteCounterStore(database: try SQLiteDatabase(directory: directory)), clock: clock)
            #expect(await engine.decide(ToolCall(tool: "pay", arguments: ["amount": 90])).decision.isAllowed)
        }
        clock.advance(by: 3_600)
        let restarted = PolicyEngine(policy: policy, counters: SQLiteCounterStore(database: try SQLiteDatabase(directory: directory)), clock: clock)
        #expect(await restarted.decide(ToolCall(tool: "pay", arguments: ["amount": 20])).decision.name == "rate_limited")
        #expect(await restarted.decide(ToolCall(tool: "pay", arguments: ["amount": 10])).decision.isAllowed)
    }

    @Test func sweepRemovesExpiredEntriesOfIdleKeys() async throws {
        let database = try SQLiteDatabase(directory: temporaryDirectory())
        let store = SQLiteCounterStore(database: database)
        let clock = ManualTimeSource()
        let engine = PolicyEngine(policy: try CompiledPolicy(text: SeedPolicy.compact), counters: store, clock: clock)
        for grant in ["a", "b", "c"] {
            _ = await engine.decide(ToolCall(tool: "UpdateOneConnectedAccount", grant: grant))
        }
        clock.advance(by: 61)
        try await store.sweep(at: clock.now())
        let remaining = try await database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM counter_entry") }
        #expect(remaining == 0)
    }

    @Test func unwritableFolderIsAClearError() {
        #expect(throws: StoreError.self) { try SQLiteDatabase(directory: "/proc/gatehouse-cannot-write-here") }
    }
}
