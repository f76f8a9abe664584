import Foundation
import Policy
import Testing
import TestSupport
@testable import Store

/// The stores' background work runs on the clock it is given: the counters' sweep once a
/// minute, PostgreSQL's probe every ``PostgresDatabase/probeInterval``.
@Suite struct StoreMaintenanceTests {
    @Test func theSQLiteCountersAreSweptOnceAMinuteOfTheInjectedClock() async throws {
        let clock = ManualClock()
        let time = ManualTimeSource()
        let stores = try StateStores.open(.sqlite(directory: temporaryDirectory()), clock: clock, time: time)
        let engine = PolicyEngine(policy: try CompiledPolicy(text: SeedPolicy.compact), counters: stores.counters, clock: time)
        for grant in ["a", "b"] {
            _ = await engine.decide(ToolCall(tool: "UpdateOneConnectedAccount", grant: grant))
        }
        time.advance(by: 61)  // every entry is past its one-minute window
        let running = Task { await stores.run() }
        let database = try #require(stores.sqlite)
        let entries = { try await database.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM counter_entry") } }
        // 59 checkpoints, a second apart: no sweep yet.
        for _ in 0..<59 {
            await clock.sleepers(atLeast: 1)
            clock.advance(by: .seconds(1))
        }
        await clock.sleepers(atLeast: 1)
        #expect(try await entries() ?? 0 > 0)
        // The 60th second sweeps, before the loop sleeps again.
        clock.advance(by: .seconds(1))
        await clock.sleepers(atLeast: 1)
        #expect(try await entries() == 0)
        #expect(clock.elapsed == .seconds(60))
        running.cancel()
        await running.value
    }

    @Test func aDatabaseThatDoesNotAnswerIsFoundDownByTheProbeOnTheInjectedClock() async throws {
        let clock = ManualClock()
        // Nothing listens on port 1: every probe is refused at once.
        let database = try PostgresDatabase(url: "postgres://gatehouse@127.0.0.1:1/none", clock: clock)
        let running = Task { await database.run() }
        // One refused probe is not an outage; the next one, a probe interval later, is.
        var rounds = 0
        while database.health.isUp, rounds < 1_000 {
            await clock.sleepers(atLeast: 1)
            clock.advance(by: PostgresDatabase.probeInterval)
            rounds += 1
        }
        #expect(!database.health.isUp)
        #expect(clock.elapsed >= PostgresDatabase.probeInterval, "found down only once the clock had moved")
        running.cancel()
        await running.value
    }
}
