import Foundation
import JSON
import Store
import Testing
@testable import Server

/// `POST /api/policies/simulate`: a candidate policy replayed over recorded audit rows in a
/// real SQLite audit log.
@Suite struct SimulationAPITests {
    /// findManyPeople allowed twice a minute per grant; everything else denied.
    static let candidate: JSONValue = ["version": "1", "default": "deny", "tools": [
        "findManyPeople": ["limits": [["counter": "people", "window": "minute", "max": 2]]],
        "deleteOnePerson": ["action": "deny", "reason": "never"],
    ]]

    func call(_ tool: String, _ grant: String, at time: Date, decision: String = "allow", outcome: AuditOutcome? = .ok,
              server: String = "crm", arguments: String? = "{}") -> AuditEntry {
        AuditEntry(time: time, kind: .toolCall, grant: grant, session: "s-\(grant)", server: server, tool: tool, decision: decision,
                   rule: decision == "allow" ? "/tools/\(tool)" : "/default", arguments: arguments, outcome: outcome)
    }

    @Test func replaysRecordedCallsWithTheirTimesAndSettlesFailedCallsAsTheGatewayWould() async throws {
        let fixture = try BuilderFixture()
        let start = Date().addingTimeInterval(-1_800)
        _ = try await fixture.stores.audit.append([
            call("findManyPeople", "alice", at: start),
            call("findManyPeople", "alice", at: start + 1, outcome: .error),    // a JSON-RPC error gives its unit back
            call("findManyPeople", "alice", at: start + 2),
            call("findManyPeople", "alice", at: start + 3),                      // the third unit in a minute
            call("findManyPeople", "bob", at: start + 4),                        // another grant, another budget
            call("deleteOnePerson", "alice", at: start + 5, decision: "deny", outcome: nil),
            call("createOnePerson", "alice", at: start + 6, arguments: nil),    // denied by default now
            call("findManyPeople", "alice", at: start + 90),                     // the window has moved on
            call("findManyPeople", "alice", at: start + 91, server: "other"),
            call("findManyPeople", "alice", at: start - 7_200),                  // older than the window
            AuditEntry(time: start + 7, kind: .sessionOpened, grant: "alice", session: "s-alice", server: "crm"),
        ])
        try await fixture.test { api in
            let reply = try await api.admin(.post, "/api/policies/simulate", json: ["server": "crm", "policy": Self.candidate, "hours": 1])
            #expect(reply.status == .ok, "\(reply.text)")
            let report = reply.json
            #expect(report["calls"]?.intValue == 8)
            #expect(report["simulated"] == ["allow": 5, "deny": 2, "rate_limited": 1, "require_approval": 0])
            #expect(report["recorded"] == ["allow": 7, "deny": 1, "rate_limited": 0, "require_approval": 0])
            #expect(report["changed"]?.intValue == 2)
            #expect(report["argumentsMissing"]?.intValue == 1)
            #expect(report["truncated"] == false)
            let changes = report["changes"]?.arrayValue ?? []
            #expect(changes.map { $0["tool"]?.stringValue } == ["findManyPeople", "createOnePerson"])
            #expect(changes.first?["simulated"]?["decision"] == "rate_limited")
            #expect(changes.first?["simulated"]?["rule"] == "/tools/findManyPeople/limits/0")
            #expect(changes.first?["recorded"]?["decision"] == "allow")
            #expect(changes.last?["simulated"]?["rule"] == "/default")
            let perTool = report["tools"]?.arrayValue?.first { $0["tool"] == "findManyPeople" }
            #expect(perTool?["simulated"]?["rate_limited"]?.intValue == 1)
        }
    }

    @Test func keepsAtMostTheChangesAskedFor() async throws {
        let fixture = try BuilderFixture()
        let start = Date().addingTimeInterval(-600)
        _ = try await fixture.stores.audit.append((0..<5).map { call("createOnePerson", "alice", at: start + Double($0)) })
        try await fixture.test { api in
            let reply = try await api.admin(.post, "/api/policies/simulate", json: ["server": "crm", "policy": Self.candidate, "maxChanges": 2])
            #expect(reply.json["changed"]?.intValue == 5)
            #expect(reply.json["changes"]?.arrayValue?.count == 2)
            #expect(reply.json["changesTruncated"] == true)
        }
    }

    @Test func refusesBadInput() async throws {
        let fixture = try BuilderFixture()
        try await fixture.test { api in
            #expect(try await api.send(.post, "/api/policies/simulate", json: ["server": "crm", "policy": Self.candidate]).status == .unauthorized)
            let noServer = try await api.admin(.post, "/api/policies/simulate", json: ["policy": Self.candidate])
            #expect(noServer.status == .badRequest)
            let badHours = try await api.admin(.post, "/api/policies/simulate", json: ["server": "crm", "policy": Self.candidate, "hours": -1])
            #expect(badHours.status == .badRequest)
            let invalid = try await api.admin(.post, "/api/policies/simulate", json: ["server": "crm", "policy": ["version": "1", "default": "maybe"]])
            #expect(invalid.status == .unprocessableContent)
        }
    }
}
