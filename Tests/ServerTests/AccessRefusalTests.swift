import Foundation
import JSON
import Store
import Testing

@testable import Server

/// Every 401 and 403 becomes an `access_refused` row, coalesced per source per second.
@Suite struct AccessRefusalTests {
    static func refusal(_ source: String, at seconds: TimeInterval, status: Int = 401, grant: String? = nil) -> AccessRefusal {
        AccessRefusal(time: Date(timeIntervalSince1970: seconds), source: source, status: status, grant: grant, method: "POST",
                      path: "/mcp/crm", reason: "no bearer token")
    }

    @Test func aFloodFromOneSourceIsOneRowPerSecondWithACount() throws {
        var coalescer = RefusalCoalescer()
        for tenth in 0..<25 { coalescer.add(Self.refusal("10.0.0.9", at: 1000 + Double(tenth) / 10)) }
        coalescer.add(Self.refusal("10.0.0.7", at: 1000.5))
        #expect(coalescer.takeClosed(at: Date(timeIntervalSince1970: 1000.9)).isEmpty, "no window has closed yet")
        let rows = coalescer.takeClosed(at: Date(timeIntervalSince1970: 1001.2))
        #expect(rows.count == 1)
        let first = try #require(rows.first)
        #expect(first.kind == .accessRefused)
        #expect(first.detail?["remoteAddress"] == "10.0.0.9")
        #expect(first.detail?["count"] == 25, "one window gathers everything from its source, however long the flood")
        #expect(first.server == "crm")
        let rest = coalescer.takeClosed(at: nil)
        #expect(rest.map { $0.detail?["remoteAddress"] } == ["10.0.0.7"])
        #expect(coalescer.isEmpty)
    }

    @Test func statusesAndGrantsAreRowsOfTheirOwn() {
        var coalescer = RefusalCoalescer()
        coalescer.add(Self.refusal("a", at: 0))
        coalescer.add(Self.refusal("a", at: 0.1, status: 403, grant: "laptop"))
        coalescer.add(Self.refusal("a", at: 0.2, status: 403, grant: "laptop"))
        let rows = coalescer.takeClosed(at: nil)
        #expect(rows.count == 2)
        #expect(rows.last?.grant == "laptop")
        #expect(rows.last?.decision == "forbidden")
        #expect(rows.last?.detail?["count"] == 2)
    }

    @Test func aPathIsKeptShortAndWithoutItsQuery() {
        #expect(AccessRefusal.path(String(repeating: "a", count: 1000)).utf8.count <= AccessRefusal.maximumPathBytes + 3)
    }

    @Test func refusedRequestsOnAnyRouteAreAudited() async throws {
        let fixture = try BuilderFixture(grants: true)
        let log = try #require(fixture.server.refusals)
        let granted = try await fixture.stores.grants.create(name: "narrow", servers: ["bare"], at: Date())
        try await fixture.test { client async throws -> Void in
            for _ in 0..<3 { #expect(try await client.send(.post, "/mcp/crm", raw: "{}").status == .unauthorized) }
            #expect(try await client.send(.post, "/mcp/crm", raw: "{}", token: "gh_wrong").status == .unauthorized)
            #expect(try await client.send(.post, "/mcp/crm", raw: "{}", token: granted.token).status == .forbidden)
            #expect(try await client.send(.get, "/api/audit").status == .unauthorized)
        }
        await log.flush(at: nil)
        let rows = try await fixture.stores.audit.query(AuditFilter(kind: .accessRefused))
        let total = rows.compactMap { $0.detail?["count"]?.intValue }.reduce(0, +)
        #expect(total == 6)
        #expect(rows.count == 2, "401s from one source coalesce; the 403 is its grant's row")
        let forbidden = try #require(rows.first { $0.decision == "forbidden" })
        #expect(forbidden.grant == "narrow")
        #expect(forbidden.detail?["path"] == "/mcp/crm")
        for row in rows { #expect(!"\(row)".contains(granted.token), "a token is never recorded") }
    }
}
