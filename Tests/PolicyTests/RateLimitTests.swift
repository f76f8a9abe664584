import Foundation
import JSON
import TestSupport
import Testing
@testable import Policy

/// Limits: rolling and calendar windows, scopes, shared counters, spend caps, reserve/rollback.
@Suite struct RateLimitTests {
    let clock = ManualTimeSource(Date(timeIntervalSince1970: 1_800_000_000))

    func engine(_ text: String) throws -> PolicyEngine {
        PolicyEngine(policy: try CompiledPolicy(text: text), counters: InMemoryCounterStore(), clock: clock)
    }

    func decide(_ engine: PolicyEngine, _ tool: String, args: JSONValue = .emptyObject, grant: String = "g", session: String = "s") async -> Ruling {
        await engine.decide(ToolCall(tool: tool, arguments: args, grant: grant, session: session))
    }

    @Test func seedAdmitsThirtyPerMinuteAndRefusesTheThirtyFirst() async throws {
        let engine = try engine(SeedPolicy.compact)
        for _ in 0..<30 {
            #expect(await decide(engine, "UpdateOneConnectedAccount").decision.isAllowed)
            clock.advance(by: 1)
        }
        let refused = await decide(engine, "UpdateOneConnectedAccount").decision
        guard case .rateLimited(let reason, let retryAfter, let rule) = refused else {
            Issue.record("expected rate_limited, got \(refused)")
            return
        }
        #expect(rule.description == "/tools/UpdateOneConnectedAccount/limits/0")
        #expect(reason.contains("updateoneconnectedaccount_rate"))
        #expect(reason.contains("30 calls per minute per grant"))
        #expect(retryAfter == 30)  // the first call leaves the window 60 s after it was made
        clock.advance(by: 30)
        #expect(await decide(engine, "UpdateOneConnectedAccount").decision.isAllowed)
    }

    @Test func grantScopeKeepsGrantsApartAndSharesAcrossSessions() async throws {
        let engine = try engine(SeedPolicy.compact)
        for i in 0..<30 {
            #expect(await decide(engine, "UpdateOneConnectedAccount", grant: "alice", session: "s\(i)").decision.isAllowed)
        }
        #expect(await decide(engine, "UpdateOneConnectedAccount", grant: "alice", session: "new").decision.name == "rate_limited")
        #expect(await decide(engine, "UpdateOneConnectedAccount", grant: "bob").decision.isAllowed)
    }

    @Test func sessionScopeKeepsSessionsApart() async throws {
        let engine = try engine(#"{"version": "1", "tools": {"send": {"rate_limit": {"max": 2, "window": 60, "scope": "session"}}}}"#)
        #expect(await decide(engine, "send", session: "a").decision.isAllowed)
        #expect(await decide(engine, "send", session: "a").decision.isAllowed)
        #expect(await decide(engine, "send", session: "a").decision.name == "rate_limited")
        #expect(await decide(engine, "send", session: "b").decision.isAllowed)
    }

    /// Issue 12: a client that opens a session per call (stateless clients, fastmcp's proxy) is
    /// limited all the same — every limit without a written scope counts per grant.
    @Test(arguments: [
        #"{"version": "1", "tools": {"send": {"rate_limit": {"max": 1, "window": "minute"}}}}"#,
        #"{"version": "1", "tools": {"send": {"limits": [{"counter": "c", "window": "minute", "max": 1}]}}}"#,
        #"{"version": "1", "default": "allow", "limits": [{"counter": "all", "window": "minute", "max": 1}]}"#,
    ])
    func limitsWithoutAScopeCountPerGrantAcrossSessions(policy: String) async throws {
        let engine = try engine(policy)
        #expect(await decide(engine, "send", session: "first").decision.isAllowed)
        #expect(await decide(engine, "send", session: "second").decision.name == "rate_limited")
        #expect(await decide(engine, "send", grant: "other", session: "third").decision.isAllowed)
    }

    @Test func globalScopeIsOneBudgetForEveryone() async throws {
        let engine = try engine(#"{"version": "1", "tools": {"t": {"limits": [{"counter": "c", "window": "hour", "max": 2, "scope": "global"}]}}}"#)
        #expect(await decide(engine, "t", grant: "a").decision.isAllowed)
        #expect(await decide(engine, "t", grant: "b").decision.isAllowed)
        #expect(await decide(engine, "t", grant: "c").decision.name == "rate_limited")
    }

    @Test func counterSharedByToolsIsOneBudget() async throws {
        let engine = try engine("""
            {"version": "1", "tools": {
              "a": {"limits": [{"counter": "writes", "window": "minute", "max": 3}]},
              "b": {"limits": [{"counter": "writes", "window": "minute", "max": 3}]}}}
            """)
        #expect(await decide(engine, "a").decision.isAllowed)
        #expect(await decide(engine, "b").decision.isAllowed)
        #expect(await decide(engine, "a").decision.isAllowed)
        #expect(await decide(engine, "b").decision.name == "rate_limited")
    }

    @Test func policyWideLimitHoldsAcrossToolsBesideToolLimits() async throws {
        let engine = try engine("""
            {"version": "1", "default": "allow",
             "tools": {"a": {"limits": [{"counter": "a_rate", "window": "minute", "max": 2}]}},
             "limits": [{"counter": "all", "window": "minute", "max": 3, "scope": "grant"}]}
            """)
        #expect(await decide(engine, "a").decision.isAllowed)
        #expect(await decide(engine, "a").decision.isAllowed)
        let third = await decide(engine, "a").decision
        #expect(third.rule.description == "/tools/a/limits/0")
        #expect(await decide(engine, "other").decision.isAllowed)
        let fourth = await decide(engine, "other2").decision
        #expect(fourth.name == "rate_limited")
        #expect(fourth.rule.description == "/limits/0")
    }

    @Test func refusedCallTakesNoUnitsFromAnyBudget() async throws {
        let engine = try engine("""
            {"version": "1", "tools": {"a": {"limits": [
              {"counter": "big", "window": "minute", "max": 100},
              {"counter": "small", "window": "minute", "max": 1}]}}}
            """)
        #expect(await decide(engine, "a").decision.isAllowed)
        #expect(await decide(engine, "a").decision.name == "rate_limited")
        let usage = try await engine.counters.usage(of: CounterKey(counter: "big", scope: .grant, subject: "g"),
                                                    windowSeconds: 60, align: .rolling, at: clock.now())
        #expect(usage == 1)
    }

    @Test func spendCapCountsTheArgument() async throws {
        let engine = try engine("""
            {"version": "1", "tools": {"pay": {"limits": [
              {"counter": "spend", "window": "day", "max": 1000, "increment_from": "args.amount", "align": "calendar"}]}}}
            """)
        #expect(await decide(engine, "pay", args: ["amount": 600]).decision.isAllowed)
        #expect(await decide(engine, "pay", args: ["amount": 400]).decision.isAllowed)
        let over = await decide(engine, "pay", args: ["amount": 0.5]).decision
        guard case .rateLimited(_, let retryAfter?, _) = over else {
            Issue.record("expected rate_limited with a retry, got \(over)")
            return
        }
        // 1_800_000_000 is 08:00 UTC; the calendar day resets at midnight, 16 hours later.
        #expect(retryAfter == 16 * 3_600)
        let alone = await decide(engine, "pay", args: ["amount": 5000]).decision
        guard case .rateLimited(let reason, nil, _) = alone else {
            Issue.record("expected rate_limited with no retry, got \(alone)")
            return
        }
        #expect(reason.contains("exceeds it"))
        clock.advance(by: 16 * 3_600)
        #expect(await decide(engine, "pay", args: ["amount": 1000]).decision.isAllowed)
    }

    @Test func spendCapRefusesAMissingOrNonNumericAmount() async throws {
        let engine = try engine("""
            {"version": "1", "tools": {"pay": {"limits": [
              {"counter": "spend", "window": "day", "max": 1000, "increment_from": "args.amount"}]}}}
            """)
        #expect(await decide(engine, "pay").decision.name == "deny")
        #expect(await decide(engine, "pay", args: ["amount": "5"]).decision.name == "deny")
    }

    @Test func failedCallGivesItsUnitBack() async throws {
        let engine = try engine(#"{"version": "1", "tools": {"a": {"rate_limit": {"max": 1, "window": "hour"}}}}"#)
        let first = await decide(engine, "a")
        #expect(first.decision.isAllowed)
        #expect(await decide(engine, "a").decision.name == "rate_limited")
        await engine.settle(first, outcome: .failed)
        let retry = await decide(engine, "a")
        #expect(retry.decision.isAllowed)
        await engine.settle(retry, outcome: .completed)
        #expect(await decide(engine, "a").decision.name == "rate_limited")
    }

    @Test func rollingWindowNeverLetsTwiceTheMaxThroughAroundABoundary() async throws {
        let engine = try engine(#"{"version": "1", "tools": {"a": {"limits": [{"counter": "c", "window": "minute", "max": 5}]}}}"#)
        clock.advance(by: 55)  // late in a fixed minute
        for _ in 0..<5 { #expect(await decide(engine, "a").decision.isAllowed) }
        clock.advance(by: 10)  // a fixed window would have reset here
        #expect(await decide(engine, "a").decision.name == "rate_limited")
    }

    @Test func storeFailureDeniesTheCall() async throws {
        struct BrokenStore: CounterStore {
            struct Down: Error {}
            func reserve(_ checks: [LimitCheck], at now: Date) async throws -> ReservationOutcome { throw Down() }
            func commit(_ reservation: Reservation) async throws {}
            func rollback(_ reservation: Reservation) async throws {}
            func usage(of key: CounterKey, windowSeconds: Double, align: WindowAlignment, at now: Date) async throws -> Double { 0 }
        }
        let engine = PolicyEngine(policy: try CompiledPolicy(text: SeedPolicy.compact), counters: BrokenStore(), clock: clock)
        let ruling = await decide(engine, "UpdateOneConnectedAccount")
        #expect(ruling.decision == .deny(reason: PolicyEngine.stateUnavailableReason, rule: .tool("UpdateOneConnectedAccount")))
    }

    @Test func tenThousandConcurrentAttemptsAdmitExactlyThirty() async throws {
        let engine = PolicyEngine(policy: try CompiledPolicy(text: SeedPolicy.compact), counters: InMemoryCounterStore())
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
}
