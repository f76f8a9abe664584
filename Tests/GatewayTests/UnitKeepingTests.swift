import Foundation
import JSON
import Policy
import Store
import Testing
import Upstream

@testable import Gateway

/// Issue 12: a call keeps its rate-limit units unless the upstream answered with a JSON-RPC
/// error (it says it did not act) or the call was never written to it — a crash, a lost
/// connection or a timeout after the call went out may come after the tool ran.
@Suite struct UnitKeepingTests {
    @Test(arguments: [
        (CallEnd.result(isError: false), true), (.result(isError: true), true), (.lost("exited with status 3"), true),
        (.timeout, true), (.cancelled, true), (.error("-32602: rejected"), false), (.notSent("cannot start"), false),
    ])
    func keepsUnitsUnlessTheUpstreamCertainlyDidNotAct(end: CallEnd, keeps: Bool) {
        #expect(end.keepsUnits == keeps)
    }

    @Test(arguments: [
        (#"{"jsonrpc":"2.0","id":1,"result":{"content":[]}}"#, nil, CallEnd.result(isError: false)),
        (#"{"jsonrpc":"2.0","id":1,"result":{"content":[],"isError":true}}"#, nil, .result(isError: true)),
        (#"{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"no"}}"#, nil, .error("-32602: no")),
        (#"{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"refused"}}"#, TransportFailure.notActedOn, .notSent("-32603: refused")),
        (#"{"jsonrpc":"2.0","id":1,"error":{"code":-32603,"message":"reset"}}"#, .outcomeUnknown, .lost("-32603: reset")),
    ] as [(String, TransportFailure?, CallEnd)])
    func readsHowACallEndedFromItsAnswer(answer: String, failure: TransportFailure?, end: CallEnd) throws {
        #expect(CallEnd(answer: try JSONRPCMessage.parse(answer), transportFailure: failure) == end)
    }

    /// The same rule through the enforcer, on both admission paths (the SQLite journal that
    /// writes reservation and row together, and the engine with a separate audit write).
    @Test(arguments: [true, false])
    func aLostCallKeepsItsUnitAndARejectedOneGivesItBack(journal: Bool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-units-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stores = try StateStores.open(.sqlite(directory: directory))
        let audit = AuditLog(store: stores.audit)
        let policy = try CompiledPolicy(text: #"{"version": "1", "tools": {"crash": {"rate_limit": {"max": 1, "window": "minute"}}}}"#)
        let enforcer = Enforcer(policy: { _ in policy }, counters: stores.counters, audit: audit,
                                admissions: journal ? stores.admissions : nil, replica: "gatehouse@test:1")
        let call = ToolCall(tool: "crash", grant: "alice", session: "s1")

        guard case .forward(let first) = await enforcer.admit(call, server: "demo") else { throw Refused() }
        await enforcer.finish(first, end: .error("-32602: rejected"))
        guard case .forward(let second) = await enforcer.admit(call, server: "demo") else { throw Refused() }
        await enforcer.finish(second, end: .lost("exited with status 3"))
        guard case .refuse(let third) = await enforcer.admit(ToolCall(tool: "crash", grant: "alice", session: "s2"), server: "demo") else {
            Issue.record("a crashed call gave its unit back")
            return
        }
        #expect(third.decision == "rate_limited")

        try await audit.flush()
        let rows = try await stores.audit.query(AuditFilter(server: "demo", order: .oldestFirst))
        #expect(rows.map(\.decision) == ["allow", "allow", "rate_limited"])
        #expect(rows.map(\.outcome) == [.error, .failed, nil])
        #expect(rows.map(\.forwardedBy) == ["gatehouse@test:1", "gatehouse@test:1", nil])
    }

    struct Refused: Error {}
}
