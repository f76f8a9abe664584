import Foundation
import JSON
import Policy
import Store
import Testing
@testable import Server

/// Applying a policy through the API: admin only, checked, versioned, written to the file,
/// in force at once; history and rollback.
@Suite struct PolicyVersionAPITests {
    static let allowPeople: JSONValue = ["version": "1", "default": "deny", "tools": ["findManyPeople": [:], "deleteOnePerson": ["action": "deny"]]]

    @Test func applyingNeedsTheAdminToken() async throws {
        let fixture = try BuilderFixture()
        try await fixture.test { api in
            let none = try await api.send(.put, "/api/servers/crm/policy", json: ["policy": Self.allowPeople])
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate] != nil)
            let wrong = try await api.send(.put, "/api/servers/crm/policy", json: ["policy": Self.allowPeople], token: "not-the-token")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.json["error"] == "the admin token is wrong")
            for path in ["/api/servers/crm/policy/history"] {
                #expect(try await api.send(.get, path).status == .unauthorized)
            }
            #expect(try await api.send(.post, "/api/servers/crm/policy/rollback", json: ["version": 1]).status == .unauthorized)
        }
        #expect(try String(contentsOfFile: fixture.policyFile, encoding: .utf8).contains("findMany*"))
    }

    @Test func withoutAConfiguredTokenTheAdminAPIIsClosedAndSaysHowToOpenIt() async throws {
        let fixture = try BuilderFixture(adminToken: nil)
        try await fixture.test { api in
            let reply = try await api.send(.put, "/api/servers/crm/policy", json: ["policy": Self.allowPeople], token: "anything")
            #expect(reply.status == .forbidden)
            #expect(reply.json["error"]?.stringValue?.contains("GATEHOUSE_ADMIN_TOKEN") == true)
            #expect(try await api.send(.get, "/api/audit").status == .forbidden)
            #expect(try await api.send(.post, "/api/policies/simulate", json: ["server": "crm", "policy": Self.allowPeople]).status == .forbidden)
            // Reading the catalog and trying policies needs no token.
            #expect(try await api.send(.get, "/api/servers").status == .ok)
            #expect(try await api.send(.post, "/api/policies/validate", json: ["policy": Self.allowPeople]).status == .ok)
        }
    }

    @Test func applyingRecordsAVersionWritesTheFileAndPutsThePolicyInForce() async throws {
        let fixture = try BuilderFixture()
        #expect(fixture.assembly.policies.policy(for: "crm")?.evaluate(ToolCall(tool: "findManyCompanies")).decisionName == "allow")
        try await fixture.test { api in
            let reply = try await api.admin(.put, "/api/servers/crm/policy", json: ["policy": Self.allowPeople, "by": "alice", "comment": "people only"])
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.json["version"]?.intValue == 1)
            #expect(reply.json["by"] == "alice")
            #expect(reply.json["comment"] == "people only")
            #expect(reply.json["file"]?.stringValue == fixture.policyFile)

            let current = try await api.send(.get, "/api/servers/crm/policy")
            #expect(current.json["source"]?["kind"] == "api")
            #expect(current.json["source"]?["version"]?.intValue == 1)
            #expect(current.json["latestVersion"]?.intValue == 1)
        }
        let written = try String(contentsOfFile: fixture.policyFile, encoding: .utf8)
        #expect(try JSONParser.parse(written) == Self.allowPeople)
        #expect(PolicyChecker.check(text: written).isValid)
        let live = try #require(fixture.assembly.policies.policy(for: "crm"))
        #expect(live.evaluate(ToolCall(tool: "findManyCompanies")).decisionName == "deny")
        #expect(live.evaluate(ToolCall(tool: "findManyPeople")).decisionName == "allow")
        // The watcher takes the file it was given as already read: no second reload.
        #expect(await fixture.assembly.policies.reloadChangedFiles().isEmpty)
        let versions = try await fixture.stores.policyVersions.history(server: "crm")
        #expect(versions.map(\.createdBy) == ["alice"])
        let audited = try await fixture.stores.audit.query(AuditFilter(server: "crm", kind: .policyReloaded))
        #expect(audited.count == 1)
    }

    @Test func anInvalidPolicyIsRefusedWith422AndNothingChanges() async throws {
        let fixture = try BuilderFixture()
        let before = try String(contentsOfFile: fixture.policyFile, encoding: .utf8)
        try await fixture.test { api in
            let reply = try await api.admin(.put, "/api/servers/crm/policy", json: ["policy": ["version": "1", "tools": ["x": ["limts": []]]]])
            #expect(reply.status == .unprocessableContent)
            #expect(reply.json["problems"]?[0]?["pointer"] == "/tools/x/limts")
            #expect(reply.json["error"]?.stringValue?.contains("nothing was changed") == true)
        }
        #expect(try String(contentsOfFile: fixture.policyFile, encoding: .utf8) == before)
        #expect(try await fixture.stores.policyVersions.history(server: "crm").isEmpty)
    }

    @Test func aServerWithoutAPolicyFileCannotTakeOneThroughTheAPI() async throws {
        let fixture = try BuilderFixture()
        try await fixture.test { api in
            let bare = try await api.admin(.put, "/api/servers/bare/policy", json: ["policy": Self.allowPeople])
            #expect(bare.status == .conflict)
            #expect(bare.json["error"]?.stringValue?.contains("\"policy\": \"policies/bare.json\"") == true)
            let unknown = try await api.admin(.put, "/api/servers/nope/policy", json: ["policy": Self.allowPeople])
            #expect(unknown.status == .notFound)
        }
    }

    @Test func historyListsVersionsNewestFirstAndRollbackAppliesAnOldOneAnew() async throws {
        let fixture = try BuilderFixture()
        let denyAll: JSONValue = ["version": "1", "default": "deny", "tools": [:]]
        try await fixture.test { api in
            _ = try await api.admin(.put, "/api/servers/crm/policy", json: ["policy": Self.allowPeople, "by": "alice"])
            _ = try await api.admin(.put, "/api/servers/crm/policy", json: ["policy": denyAll, "by": "bob", "comment": "lock down"])
            let history = try await api.admin(.get, "/api/servers/crm/policy/history")
            #expect(history.status == .ok)
            let versions = history.json["versions"]?.arrayValue ?? []
            #expect(versions.map { $0["version"]?.intValue } == [2, 1])
            #expect(versions.first?["policy"] == denyAll)

            let rollback = try await api.admin(.post, "/api/servers/crm/policy/rollback", json: ["version": 1, "by": "carol"])
            #expect(rollback.status == .ok, "\(rollback.text)")
            #expect(rollback.json["version"]?.intValue == 3)
            #expect(rollback.json["comment"] == "rollback to version 1")
            #expect(rollback.json["policy"] == Self.allowPeople)

            let missing = try await api.admin(.post, "/api/servers/crm/policy/rollback", json: ["version": 9])
            #expect(missing.status == .notFound)
            let noVersion = try await api.admin(.post, "/api/servers/crm/policy/rollback", json: [:])
            #expect(noVersion.status == .badRequest)
        }
        #expect(fixture.assembly.policies.policy(for: "crm")?.evaluate(ToolCall(tool: "findManyPeople")).decisionName == "allow")
        #expect(try JSONParser.parse(String(contentsOfFile: fixture.policyFile, encoding: .utf8)) == Self.allowPeople)
    }

    @Test func concurrentChangesGetDistinctVersionsAndTheFileMatchesTheLastOne() async throws {
        let fixture = try BuilderFixture()
        try await fixture.test { api in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        let policy: JSONValue = ["version": "1", "description": .string("change \(index)"), "tools": [:]]
                        let reply = try await api.admin(.put, "/api/servers/crm/policy", json: ["policy": policy])
                        #expect(reply.status == .ok)
                    }
                }
                try await group.waitForAll()
            }
        }
        let versions = try await fixture.stores.policyVersions.history(server: "crm")
        #expect(versions.map(\.number) == Array((1...8).reversed()))
        let latest = try #require(versions.first)
        #expect(try String(contentsOfFile: fixture.policyFile, encoding: .utf8) == latest.document)
        #expect(fixture.assembly.policies.activePolicy(for: "crm")?.source == .api(by: "admin", version: 8))
    }
}

extension Evaluation {
    /// The decision's name, or `count` when counters decide.
    var decisionName: String {
        switch self {
        case .decided(let decision): return decision.name
        case .count(_, let then): return then.name
        }
    }
}
