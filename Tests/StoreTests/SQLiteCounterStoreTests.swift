import Foundation
import Policy
import Testing
@testable import Store

/// The SQLite counter store on a real file: exact under concurrency, across connections, and
/// across restarts.
@Suite struct SQLiteCounterStoreTests {
    static let seed = """
        {"version": "1", "default": "deny",
         "tools": {"UpdateOneConnectedAccount": {"limits": [
           {"counter": "updateoneconnectedaccount_rate", "window": "minute", "max": 30, "scope": "grant"}]}}}
        """

    func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-store-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func tenThousandConcurrentAttemptsAdmitExactlyThirty() async throws {
        let database = try SQLiteDatabase(directory: temporaryDirectory())
        let engine = PolicyEngine(policy: try CompiledPolicy(text: Self.seed), counters: SQLiteCounterStore(database: database))
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<10_000 {
                group.addTask {
                    await engine.decide(ToolCall(tool: "UpdateOneConnectedAccount", grant: "g", session: "s\(i)")).decision.isAllowed
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 30)
    }

    @Test func twoConnectionsToOneFileShareTheBudget() async throws {
        let directory = temporaryDirectory()
        let policy = try CompiledPolicy(text: Self.seed)
        let engines = try (0..<2).map { _ in
            PolicyEngine(policy: policy, counters: SQLiteCounterStore(database: try SQLiteDatabase(directory: directory)))
        }
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<400 {
                let engine = engines[i % 2]
                group.addTask { await engine.decide(ToolCall(tool: "UpdateOneConnectedAccount", grant: "g")).decision.isAllowed }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 30)
    }

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

    @Test func rollbackGivesTheUnitBack() async throws {
        let store = SQLiteCounterStore(database: try SQLiteDatabase(directory: temporaryDirectory()))
        let engine = PolicyEngine(policy: try CompiledPolicy(text: #"{"version": "1", "tools": {"a": {"rate_limit": {"max": 1, "window": 60}}}}"#),
                                  counters: store)
        let first = await engine.decide(ToolCall(tool: "a"))
        #expect(await engine.decide(ToolCall(tool: "a")).decision.name == "rate_limited")
        await engine.settle(first, outcome: .failed)
        #expect(await engine.decide(ToolCall(tool: "a")).decision.isAllowed)
    }

    @Test func sweepRemovesExpiredEntriesOfIdleKeys() async throws {
        let database = try SQLiteDatabase(directory: temporaryDirectory())
        let store = SQLiteCounterStore(database: database)
        let clock = ManualTimeSource()
        let engine = PolicyEngine(policy: try CompiledPolicy(text: Self.seed), counters: store, clock: clock)
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
