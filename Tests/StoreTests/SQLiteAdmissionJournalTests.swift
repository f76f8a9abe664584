import Foundation
import Policy
import Testing
@testable import Store

/// The admission journal writes a call's reservation and its audit row in one transaction,
/// in groups: budgets stay exact and every call has its row.
@Suite struct SQLiteAdmissionJournalTests {
    static let policy = try! CompiledPolicy(text: """
        {"version": "1", "default": "deny", "tools": {"echo": {"limits": [
          {"counter": "echo_rate", "window": "minute", "max": 20, "scope": "grant"}]}}}
        """)

    static func checks(grant: String = "g") -> [LimitCheck] {
        guard case .count(let checks, _) = policy.evaluate(ToolCall(tool: "echo", grant: grant)) else { fatalError("no budget") }
        return checks
    }

    static func entry(_ outcome: ReservationOutcome) -> AuditEntry {
        let decision: String
        switch outcome {
        case .reserved: decision = "allow"
        case .exceeded: decision = "rate_limited"
        }
        return AuditEntry(kind: .toolCall, grant: "g", server: "s", tool: "echo", decision: decision)
    }

    @Test func concurrentAdmissionsStayExactAndEachHasItsRow() async throws {
        let directory = temporaryDirectory()
        let stores = try StateStores.open(.sqlite(directory: directory))
        let journal = try #require(stores.admissions)
        let now = Date()
        let results = try await withThrowingTaskGroup(of: (ReservationOutcome, Int64).self) { group in
            for _ in 0..<50 {
                group.addTask {
                    let admitted = try await journal.admit(Self.checks(), at: now, entry: Self.entry)
                    return (admitted.outcome, admitted.auditID)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let reserved = results.filter { if case .reserved = $0.0 { true } else { false } }
        #expect(reserved.count == 20)
        #expect(Set(results.map(\.1)).count == 50)
        let rows = try await stores.audit.query(AuditFilter(limit: 100))
        #expect(rows.count == 50)
        #expect(rows.filter { $0.decision == "allow" }.count == 20)
        #expect(rows.filter { $0.decision == "rate_limited" }.count == 30)
    }

    @Test func aRolledBackAdmissionGivesItsUnitBack() async throws {
        let stores = try StateStores.open(.sqlite(directory: temporaryDirectory()))
        let journal = try #require(stores.admissions)
        let now = Date()
        var last: ReservationOutcome?
        for _ in 0..<20 { last = try await journal.admit(Self.checks(), at: now, entry: Self.entry).outcome }
        guard case .reserved(let reservation) = last else {
            Issue.record("the 20th call should fit")
            return
        }
        #expect(try await journal.admit(Self.checks(), at: now, entry: Self.entry).outcome != last)
        try await stores.counters.rollback(reservation)
        let again = try await journal.admit(Self.checks(), at: now, entry: Self.entry).outcome
        if case .reserved = again {} else { Issue.record("the given-back unit should be usable: \(again)") }
    }

    @Test func budgetsAreSharedWithTheCounterStore() async throws {
        let stores = try StateStores.open(.sqlite(directory: temporaryDirectory()))
        let journal = try #require(stores.admissions)
        let now = Date()
        for _ in 0..<15 { _ = try await stores.counters.reserve(Self.checks(), at: now) }
        var reserved = 0
        for _ in 0..<10 {
            if case .reserved = try await journal.admit(Self.checks(), at: now, entry: Self.entry).outcome { reserved += 1 }
        }
        #expect(reserved == 5)
    }
}
