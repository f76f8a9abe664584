import Foundation
import JSON
import Policy
import Testing
@testable import Server

/// The read-only builder endpoints: servers, tools, recommendations, validate, explain — and
/// how every endpoint answers bad bodies.
@Suite struct BuilderAPITests {
    let fixture: BuilderFixture

    init() throws {
        fixture = try BuilderFixture()
    }

    @Test func listsCatalogServersAndConfiguredUpstreams() async throws {
        try await fixture.test { api in
            let reply = try await api.send(.get, "/api/servers")
            #expect(reply.status == .ok)
            let servers = reply.json["servers"]?.arrayValue ?? []
            let byID = Dictionary(uniqueKeysWithValues: servers.compactMap { entry in entry["id"]?.stringValue.map { ($0, entry) } })
            #expect(servers.count == BuilderFixture.catalog.servers.count + 2)
            let twenty = try #require(byID["twenty-crm-jdu278"])
            #expect(twenty["inCatalog"] == true)
            #expect(twenty["configured"] == false)
            #expect(twenty["toolCount"]?.intValue == 218)
            let levels = twenty["levels"]?.objectValue?.values.compactMap(\.intValue).reduce(0, +)
            #expect(levels == 218)
            let crm = try #require(byID["crm"])
            #expect(crm["configured"] == true)
            #expect(crm["inCatalog"] == false)
            #expect(crm["toolsFrom"] == "live")
            #expect(crm["running"] == false)
        }
    }

    @Test func listsEveryToolWithItsRiskAndRecommendation() async throws {
        try await fixture.test { api in
            let reply = try await api.send(.get, "/api/servers/twenty-crm-jdu278/tools")
            #expect(reply.status == .ok)
            #expect(reply.json["toolsFrom"] == "catalog")
            let tools = reply.json["tools"]?.arrayValue ?? []
            #expect(tools.count == 218)
            let update = try #require(tools.first { $0["tool"] == "UpdateOneConnectedAccount" })
            #expect(update["level"]?.stringValue != nil)
            #expect(update["description"]?.stringValue?.isEmpty == false)
            let limit = update["recommendation"]?["rule"]?["limits"]?[0]
            #expect(limit?["counter"] == "updateoneconnectedaccount_rate")
            #expect(limit?["max"]?.intValue == 30)
        }
    }

    @Test func unknownServerIs404WithADidYouMean() async throws {
        try await fixture.test { api in
            let reply = try await api.send(.get, "/api/servers/twenty-crm-jdu27/tools")
            #expect(reply.status == .notFound)
            #expect(reply.json["error"]?.stringValue?.contains("did you mean 'twenty-crm-jdu278'") == true)
        }
    }

    @Test func aConfiguredServerMissingFromTheCatalogIsAskedForItsToolsWithTheAdminToken() async throws {
        try await fixture.test { api in
            let anonymous = try await api.send(.get, "/api/servers/crm/tools")
            #expect(anonymous.status == .unauthorized)
            let reply = try await api.admin(.get, "/api/servers/crm/tools")
            #expect(reply.status == .ok, "\(reply.text)")
            #expect(reply.json["toolsFrom"] == "live")
            let tools = reply.json["tools"]?.arrayValue ?? []
            #expect(tools.count == 15)
            let update = try #require(tools.first { $0["tool"] == "UpdateOneConnectedAccount" })
            #expect(update["level"]?.stringValue != nil)
            #expect(update["recommendation"]?["rule"] != nil)

            let servers = try await api.send(.get, "/api/servers")
            let crm = servers.json["servers"]?.arrayValue?.first { $0["id"] == "crm" }
            #expect(crm?["toolCount"]?.intValue == 15)
            let recommended = try await api.admin(.get, "/api/servers/crm/recommended-policy")
            #expect(PolicyChecker.check(try #require(recommended.json["policy"])).isValid)
            // Validation names tools from the last listing, without asking the upstream again.
            let typo = try await api.send(.post, "/api/policies/validate", json: ["policy": ["version": "1", "tools": ["findManyPeple": [:]]], "server": "crm"])
            #expect(typo.json["warnings"]?.intValue == 1)
        }
    }

    @Test func withoutLiveListingAConfiguredServerMissingFromTheCatalogSaysSo() async throws {
        let fixture = try BuilderFixture(liveTools: false)
        try await fixture.test { api in
            let reply = try await api.admin(.get, "/api/servers/crm/tools")
            #expect(reply.status == .notImplemented)
            #expect(reply.json["error"]?.stringValue?.contains("not in the catalog") == true)
            let validate = try await api.send(.post, "/api/policies/validate", json: ["policy": ["version": "1"], "server": "crm"])
            #expect(validate.json["toolWarnings"]?.stringValue?.hasPrefix("skipped") == true)
        }
    }

    @Test func anUpstreamThatCannotStartIsA502NamingTheProblem() async throws {
        try await fixture.test { api in
            let reply = try await api.admin(.get, "/api/servers/bare/tools")
            #expect(reply.status == .badGateway)
            #expect(reply.json["error"]?.stringValue?.hasPrefix("could not list the tools of 'bare'") == true)
        }
    }

    @Test func recommendedPolicyPassesTheChecker() async throws {
        try await fixture.test { api in
            let reply = try await api.send(.get, "/api/servers/stripe-mcp/recommended-policy")
            #expect(reply.status == .ok)
            let policy = try #require(reply.json["policy"])
            let check = PolicyChecker.check(policy)
            #expect(check.isValid, "\(check.problems)")
            #expect(reply.json["rules"]?.arrayValue?.count == policy["tools"]?.objectValue?.count)
        }
    }

    @Test func validateReportsEveryProblemWithItsPointer() async throws {
        try await fixture.test { api in
            let policy: JSONValue = ["version": "1", "default": "deny", "tools": [
                "UpdateOneConnectedAccount": ["limits": [["counter": "c", "window": "minit", "max": 30]]],
                "DeleteOnePerson": ["action": "nope"],
            ]]
            let reply = try await api.send(.post, "/api/policies/validate", json: ["policy": policy])
            #expect(reply.status == .ok)
            #expect(reply.json["valid"] == false)
            let pointers = reply.json["problems"]?.arrayValue?.compactMap { $0["pointer"]?.stringValue } ?? []
            #expect(pointers.contains("/tools/UpdateOneConnectedAccount/limits/0/window"))
            #expect(pointers.contains("/tools/DeleteOnePerson/action"))
        }
    }

    @Test func validateWarnsAboutRulesForToolsTheServerLacks() async throws {
        try await fixture.test { api in
            let policy: JSONValue = ["version": "1", "tools": ["UpdateOneConnectedAcount": [:]]]
            let reply = try await api.send(.post, "/api/policies/validate", json: ["policy": policy, "server": "twenty-crm-jdu278"])
            #expect(reply.json["valid"] == true)
            #expect(reply.json["warnings"]?.intValue == 1)
            #expect(reply.json["problems"]?[0]?["message"]?.stringValue?.contains("did you mean 'UpdateOneConnectedAccount'") == true)
        }
    }

    @Test func validateReadsPolicyTextAndReportsWhereItsJSONBreaks() async throws {
        try await fixture.test { api in
            let reply = try await api.send(.post, "/api/policies/validate", json: ["policy": "{\"version\": \"1\",\n \"tools\": {,}}"])
            #expect(reply.status == .ok)
            #expect(reply.json["valid"] == false)
            #expect(reply.json["problems"]?[0]?["message"]?.stringValue?.contains("line 2") == true)
        }
    }

    @Test func explainGivesTheDecisionAndTheRuleThatTookIt() async throws {
        let seed: JSONValue = ["version": "1", "default": "deny", "tools": ["UpdateOneConnectedAccount": ["limits": [
            ["counter": "updateoneconnectedaccount_rate", "window": "minute", "max": 30, "scope": "grant"]]]]]
        try await fixture.test { api in
            let first = try await api.send(.post, "/api/policies/explain", json: ["policy": seed, "tool": "UpdateOneConnectedAccount"])
            #expect(first.status == .ok)
            #expect(first.json["decision"] == "allow")
            #expect(first.json["policyFrom"] == "request")
            let thirtyFirst = try await api.send(.post, "/api/policies/explain", json: ["policy": seed, "tool": "UpdateOneConnectedAccount", "repeat": 31])
            #expect(thirtyFirst.json["decision"] == "rate_limited")
            #expect(thirtyFirst.json["rule"] == "/tools/UpdateOneConnectedAccount/limits/0")
            let other = try await api.send(.post, "/api/policies/explain", json: ["policy": seed, "tool": "DeleteOnePerson"])
            #expect(other.json["decision"] == "deny")
            #expect(other.json["rule"] == "/default")
        }
    }

    @Test func explainUsesThePolicyInForceOnAConfiguredServer() async throws {
        try await fixture.test { api in
            let hidden = try await api.send(.post, "/api/policies/explain", json: ["server": "crm", "tool": "findOneConnectedAccount"])
            #expect(hidden.json["decision"] == "deny")
            #expect(hidden.json["listed"] == false)
            #expect(hidden.json["policyFrom"] == "server")
            let unknown = try await api.send(.post, "/api/policies/explain", json: ["server": "crn", "tool": "x"])
            #expect(unknown.status == .notFound)
        }
    }

    @Test func explainRefusesAnInvalidPolicyWithItsProblems() async throws {
        try await fixture.test { api in
            let reply = try await api.send(.post, "/api/policies/explain", json: ["policy": ["version": "2"], "tool": "x"])
            #expect(reply.status == .unprocessableContent)
            #expect(reply.json["problems"]?[0]?["pointer"] == "/version")
        }
    }

    @Test func badBodiesGetAClearJSONError() async throws {
        try await fixture.test { api in
            let notJSON = try await api.send(.post, "/api/policies/validate", raw: "{\"policy\": ")
            #expect(notJSON.status == .badRequest)
            #expect(notJSON.json["error"]?.stringValue?.hasPrefix("the body is not valid JSON: line 1") == true)
            let array = try await api.send(.post, "/api/policies/validate", raw: "[]")
            #expect(array.status == .badRequest)
            #expect(array.json["error"] == "the body must be a JSON object, not an array")
            let empty = try await api.send(.post, "/api/policies/explain", raw: "")
            #expect(empty.status == .badRequest)
            let misspelt = try await api.send(.post, "/api/policies/validate", json: ["polcy": [:]])
            #expect(misspelt.status == .badRequest)
            #expect(misspelt.json["error"]?.stringValue?.contains("did you mean 'policy'") == true)
            let wrongType = try await api.send(.post, "/api/policies/explain", json: ["policy": ["version": "1"], "tool": 3])
            #expect(wrongType.json["error"] == "'tool' must be a string, not a number")
        }
    }

    @Test func oversizedBodiesAre413() async throws {
        try await fixture.test { api in
            let big = "{\"policy\": \"" + String(repeating: "x", count: JSONRequestBody.maximumBytes) + "\"}"
            let reply = try await api.send(.post, "/api/policies/validate", raw: big)
            #expect(reply.status == .contentTooLarge)
            #expect(reply.json["error"]?.stringValue?.contains("larger than") == true)
        }
    }
}
