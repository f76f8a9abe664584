import Foundation
import Policy
import Store
import Testing

@testable import Gateway

/// What the enforcer does when its state store fails: refuse, and record the refusal.
@Suite struct EnforcerTests {
    @Test func aCallRefusedBecauseTheAdmissionJournalFailedIsAuditedOnceTheStoreIsBack() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-enforcer-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try SQLiteDatabase(directory: directory)
        let audit = AuditLog(store: SQLiteAuditStore(database: database))
        let policy = try CompiledPolicy(text: #"""
            {"version": "1", "default": "deny",
             "tools": {"echo": {"limits": [{"counter": "echo_rate", "window": "minute", "max": 30, "scope": "grant"}]}}}
            """#)
        let enforcer = Enforcer(policy: { _ in policy }, counters: InMemoryCounterStore(), audit: audit,
                                admissions: BrokenAdmissionJournal())

        let admission = await enforcer.admit(ToolCall(tool: "echo", grant: "alice", session: "s1"), server: "demo")
        guard case .refuse(let refusal) = admission else {
            Issue.record("a call was forwarded without its reservation and audit row")
            return
        }
        #expect(refusal.reason == PolicyEngine.stateUnavailableReason)

        try await audit.flush()
        let rows = try await SQLiteAuditStore(database: database).query(AuditFilter(server: "demo"))
        #expect(rows.map(\.decision) == ["deny"])
        #expect(rows.first?.reason == PolicyEngine.stateUnavailableReason)
        #expect(rows.first?.rule == "/tools/echo")
    }
}

/// An admission journal whose database is gone.
struct BrokenAdmissionJournal: AdmissionJournal {
    func admit(_ checks: [LimitCheck], at now: Date, entry: @escaping @Sendable (ReservationOutcome) -> AuditEntry)
        async throws -> (outcome: ReservationOutcome, auditID: Int64)
    {
        throw StoreError.unavailable("counters: disk I/O error")
    }
}
