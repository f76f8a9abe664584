import Foundation
import HTTPTypes
import JSON
import Store
import Testing

@testable import Server

/// The checks every request passes first: its `Host`, and a path without NUL.
@Suite struct RequestGateTests {
    @Test(arguments: [
        ("localhost", true), ("localhost:8080", true), ("LOCALHOST.", true), ("127.0.0.1:9", true), ("[::1]:8080", true), ("[::1]", true),
        ("gatehouse.example.com", true), ("Gatehouse.Example.COM:443", true), ("10.0.0.5:8080", true),
        ("evil.example", false), ("localhost.evil.example", false), ("127.0.0.2", false), ("[::2]", false), ("localhost:8080@evil", false),
        ("localhost:x", false), ("example.com", false), ("", false), ("[::1", false),
    ])
    func answersTheBoundHostLoopbackAndAllowedHostsOnly(header: String, answered: Bool) {
        let check = HostCheck(listeningOn: "10.0.0.5", allowedHosts: ["gatehouse.example.com"])
        #expect(check.permits(header) == answered)
    }

    @Test func aWildcardAddressIsNoNameAndAStarAcceptsAny() {
        let wildcard = HostCheck(listeningOn: "0.0.0.0", allowedHosts: [])
        #expect(!wildcard.permits("0.0.0.0"))
        #expect(wildcard.permits("localhost"))
        #expect(wildcard.permits(nil), "no Host (HTTP/1.0): not a browser")
        let any = HostCheck(listeningOn: "0.0.0.0", allowedHosts: ["*"])
        #expect(any.acceptsAny && any.permits("anything.example"))
        #expect(HostCheck(listeningOn: "::1", allowedHosts: []).permits("[::1]:80"))
    }

    @Test(arguments: [
        ("/index.html%00.txt", true), ("/a%00", true), ("/a\u{0}b", true), ("/%2500", false), ("/a%0", false), ("/mcp/demo", false),
        ("/100%", false), ("/a%000", true),
    ])
    func findsANULInThePath(path: String, holds: Bool) {
        #expect(RequestGate<GatehouseRequestContext>.holdsNUL(path) == holds)
    }

    @Test func aPathWithANULIsRefusedOnEveryRoute() async throws {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-nul-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
        try "<h1>home</h1>".write(toFile: site + "/index.html", atomically: true, encoding: .utf8)
        let fixture = try BuilderFixture(publicFolder: site)
        try await fixture.test { client async throws -> Void in
            #expect(try await client.send(.get, "/index.html").status == .ok)
            for path in ["/index.html%00.txt", "/healthz%00", "/api/servers%00"] {
                let reply = try await client.send(.get, path)
                #expect(reply.status == .badRequest, "\(path)")
                #expect(!reply.text.contains("home"))
            }
            #expect(try await client.send(.post, "/mcp/crm%00", raw: "{}").status == .badRequest)
        }
    }

    @Test func anUnknownHostGets421OnEveryRoute() async throws {
        let fixture = try BuilderFixture(allowedHosts: ["gatehouse.example.com"])
        try await fixture.test { client async throws -> Void in
            for path in ["/healthz", "/metrics", "/api/servers", "/builder", "/mcp/crm"] {
                let refused = try await client.send(.get, path, headers: [HTTPField.Name("Host")!: "rebound.evil.example"])
                #expect(refused.status == .misdirectedRequest, "\(path)")
            }
            #expect(try await client.send(.get, "/healthz").status == .ok, "localhost is answered")
            #expect(try await client.send(.get, "/healthz", headers: [HTTPField.Name("Host")!: "gatehouse.example.com:8080"]).status == .ok)
        }
    }
}
