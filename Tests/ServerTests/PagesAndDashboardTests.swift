import Foundation
import JSON
import Store
import Testing
@testable import Server

/// The pages, the dashboard, the event stream's guard, and the API's origin rule.
@Suite struct PagesAndDashboardTests {
    @Test func pagesAndTheirAssetsAreServedFromTheBinaryUnderAStrictContentSecurityPolicy() async throws {
        let fixture = try BuilderFixture()
        try await fixture.test { api in
            let page = try await api.send(.get, "/builder")
            #expect(page.status == .ok)
            #expect(page.text.contains("/assets/app/builder.js"))
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let script = try await api.send(.get, "/assets/app/builder.js")
            #expect(script.status == .ok)
            #expect(try await api.send(.get, "/assets/app/approvals.html").status == .ok)
        }
    }

    @Test func aMissingPagesFolderIsNamedInTheAnswer() throws {
        let fixture = try BuilderFixture()
        let routes = PageRoutes(appFolder: nil, audit: fixture.stores.audit, registry: fixture.assembly.registry, services: nil,
                                authorization: AdminAuthorization(token: nil))
        let missing = routes.page("dashboard")
        #expect(missing.status == .notFound)
    }

    @Test func theDashboardCountsCallsPerMinuteAndListsDenials() async throws {
        let fixture = try BuilderFixture()
        let now = Date()
        _ = try await fixture.stores.audit.append([
            AuditEntry(time: now - 125, kind: .toolCall, grant: "a", server: "crm", tool: "findManyPeople", decision: "allow"),
            AuditEntry(time: now - 5, kind: .toolCall, grant: "a", server: "crm", tool: "findManyPeople", decision: "allow"),
            AuditEntry(time: now - 4, kind: .toolCall, grant: "a", server: "crm", tool: "deleteOnePerson", decision: "deny", reason: "never <b>"),
            AuditEntry(time: now - 3, kind: .toolCall, grant: "a", server: "crm", tool: "UpdateOnePerson", decision: "rate_limited"),
            AuditEntry(time: now - 2, kind: .upstreamCrashed, server: "crm", reason: "exited with status 1"),
        ])
        try await fixture.test { api in
            #expect(try await api.send(.get, "/api/dashboard").status == .unauthorized)
            let reply = try await api.admin(.get, "/api/dashboard?minutes=10")
            #expect(reply.status == .ok, "\(reply.text)")
            let summary = reply.json
            #expect(summary["totals"] == ["allow": 2, "deny": 1, "rate_limited": 1, "require_approval": 0])
            let buckets = summary["callsPerMinute"]?.arrayValue ?? []
            #expect(buckets.count == 11)
            #expect(buckets.compactMap { $0["allow"]?.intValue }.reduce(0, +) == 2)
            #expect(summary["denials"]?.arrayValue?.map { $0["tool"]?.stringValue } == ["UpdateOnePerson", "deleteOnePerson"])
            let upstreams = summary["upstreams"]?.arrayValue ?? []
            #expect(upstreams.map { $0["server"]?.stringValue } == ["crm", "bare"])
            #expect(upstreams.first?["health"] == "crashing")
            #expect(upstreams.first?["crashesToday"]?.intValue == 1)
            #expect(upstreams.last?["health"] == "idle")
            #expect(try await api.admin(.get, "/api/dashboard?minutes=0").status == .badRequest)
        }
    }

    @Test func theEventStreamNeedsTheAdminTokenAndAValidStartingPoint() async throws {
        let fixture = try BuilderFixture()
        try await fixture.test { api in
            #expect(try await api.send(.get, "/api/events").status == .unauthorized)
            let bad = try await api.admin(.get, "/api/events?after=yesterday")
            #expect(bad.status == .badRequest)
        }
        let closed = try BuilderFixture(adminToken: nil)
        try await closed.test { api in
            let reply = try await api.send(.get, "/api/events", token: "x")
            #expect(reply.status == .forbidden)
        }
    }

    @Test func browserPagesFromOtherOriginsCannotCallTheAPI() async throws {
        let fixture = try BuilderFixture()
        try await fixture.test { api in
            let body: JSONValue = ["policy": ["version": "1"]]
            let foreign = try await api.send(.post, "/api/policies/validate", json: body, headers: [.origin: "http://evil.example"])
            #expect(foreign.status == .forbidden)
            #expect(foreign.json["error"]?.stringValue?.contains("allowedOrigins") == true)
            let audit = try await api.send(.get, "/api/audit", token: BuilderFixture.adminToken, headers: [.origin: "http://evil.example"])
            #expect(audit.status == .forbidden)
            let own = try await api.send(.post, "/api/policies/validate", json: body, headers: [.origin: "http://127.0.0.1:8080"])
            #expect(own.status == .ok)
        }
    }
}
