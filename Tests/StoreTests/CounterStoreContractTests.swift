import Foundation
import JSON
import Policy
import TestSupport
import Testing
@testable import Store

/// One suite every counter store passes: in memory, SQLite, PostgreSQL.
@Suite struct CounterStoreContractTests {
    /// Ten times the limit, so exactness is still tested, but few enough that every attempt is
    /// answered within the store's deadline while the rest of the suite shares the database
    /// (2,000 at once left a loaded CI run's attempts to time out and be refused, failing closed).
    static let postgresAttempts = 300

    static func attempts(_ count: Int, engines: [PolicyEngine], tool: String, arguments: JSONValue = .emptyObject, grant: String) async -> Int {
        await withTaskGroup(of: Bool.self) { group in
            for i in 0..<count {
                let engine = engines[i % engines.count]
                group.addTask {
                    await engine.decide(ToolCall(tool: tool, arguments: arguments, grant: grant, session: "s\(i)")).decision.isAllowed
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
    }

    @Test(arguments: StoreKind.available)
    func concurrentAttemptsAdmitExactlyMax(kind: StoreKind) async throws {
        try await withCounterStores(kind) { stores in
            let policy = try CompiledPolicy(text: SeedPolicy.text(counter: unique("rate")))
            let engine = PolicyEngine(policy: policy, counters: stores[0])
            let admitted = await Self.attempts(kind == .postgres ? Self.postgresAttempts : 10_000, engines: [engine],
                                               tool: "UpdateOneConnectedAccount", grant: unique("g"))
            #expect(admitted == 30)
        }
    }

    @Test(arguments: StoreKind.available)
    func storesSharingStateAdmitExactlyMaxInTotal(kind: StoreKind) async throws {
        try await withCounterStores(kind, count: 2) { stores in
            let policy = try CompiledPolicy(text: SeedPolicy.text(counter: unique("rate")))
            let engines = stores.map { PolicyEngine(policy: policy, counters: $0) }
            let admitted = await Self.attempts(kind == .postgres ? Self.postgresAttempts : 2_000, engines: engines,
                                               tool: "UpdateOneConnectedAccount", grant: unique("g"))
            #expect(admitted == 30)
        }
    }

    @Test(arguments: StoreKind.available)
    func concurrentSpendStaysWithinTheCap(kind: StoreKind) async throws {
        try await withCounterStores(kind, count: 2) { stores in
            let policy = try CompiledPolicy(text: """
                {"version": "1", "tools": {"pay": {"limits": [
                  {"counter": "\(unique("spend"))", "window": "day", "max": 1000, "increment_from": "args.amount", "align": "calendar"}]}}}
                """)
            let engines = stores.map { PolicyEngine(policy: policy, counters: $0) }
            let admitted = await Self.attempts(500, engines: engines, tool: "pay", arguments: ["amount": 7], grant: unique("g"))
            #expect(admitted == 142)  // 142 × 7 = 994 ≤ 1000 < 143 × 7
        }
    }

    @Test(arguments: StoreKind.available)
    func rollbackGivesTheUnitBackAndCommitKeepsIt(kind: StoreKind) async throws {
        try await withCounterStores(kind) { stores in
            let policy = try CompiledPolicy(text: #"{"version": "1", "tools": {"a": {"rate_limit": {"max": 1, "window": 60}}}}"#)
            let engine = PolicyEngine(policy: policy, counters: stores[0])
            let call = ToolCall(tool: "a", grant: unique("g"), session: unique("s"))
            let first = await engine.decide(call)
            #expect(first.decision.isAllowed)
            #expect(await engine.decide(call).decision.name == "rate_limited")
            #expect(await engine.settle(first, outcome: .failed) == nil)
            let second = await engine.decide(call)
            #expect(second.decision.isAllowed)
            #expect(await engine.settle(second, outcome: .completed) == nil)
            #expect(await engine.decide(call).decision.name == "rate_limited")
        }
    }

    @Test(arguments: StoreKind.available)
    func windowsSlideWithTheClock(kind: StoreKind) async throws {
        try await withCounterStores(kind) { stores in
            let clock = ManualTimeSource()
            let policy = try CompiledPolicy(text: SeedPolicy.text(counter: unique("rate")))
            let engine = PolicyEngine(policy: policy, counters: stores[0], clock: clock)
            let call = ToolCall(tool: "UpdateOneConnectedAccount", grant: unique("g"))
            for _ in 0..<30 {
                #expect(await engine.decide(call).decision.isAllowed)
                clock.advance(by: 1)
            }
            let refused = await engine.decide(call).decision
            guard case .rateLimited(_, let retryAfter, _) = refused else {
                Issue.record("expected rate_limited, got \(refused)")
                return
            }
            #expect(retryAfter == 30)
            clock.advance(by: 30)
            #expect(await engine.decide(call).decision.isAllowed)
            let usage = try await stores[0].usage(of: CounterKey(counter: policy.document.tools[0].rule.limits[0].counter, scope: .grant, subject: call.grant),
                                                  windowSeconds: 60, align: .rolling, at: clock.now())
            #expect(usage == 30)
        }
    }
}
