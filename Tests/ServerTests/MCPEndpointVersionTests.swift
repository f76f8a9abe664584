import HTTPTypes
import JSON
import Testing

@testable import Server

/// `/mcp/<server>` serves both eras, chosen per request: a 2026-07-28 request (its header, or a
/// revision in `_meta`) takes the sessionless path; a revision nobody speaks gets MCP's -32022.
@Suite struct MCPEndpointVersionTests {
    static let meta: JSONValue = ["io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": [:]]

    static func headers(_ method: String, name: String? = nil) -> HTTPFields {
        var headers: HTTPFields = [MCPHeaders.protocolVersion: "2026-07-28", MCPHeaders.method: method]
        if let name { headers[MCPHeaders.name] = name }
        return headers
    }

    @Test func serverDiscoverIsAnsweredByTheGatewayWithoutASession() async throws {
        let fixture = try BuilderFixture()
        let probe: JSONValue = ["jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": ["_meta": Self.meta]]
        let reply = try await fixture.test { client in
            try await client.send(.post, "/mcp/crm", json: probe, headers: Self.headers("server/discover"))
        }
        await fixture.assembly.registry.closeAll(reason: "the test is over")
        #expect(reply.status == .ok)
        #expect(reply.headers[MCPHeaders.sessionID] == nil, "no session is minted at 2026-07-28")
        #expect(reply.json["id"] == 1)
        #expect(reply.json["result"]?["resultType"] == "complete")
        #expect(reply.json["result"]?["supportedVersions"]?[0] == "2026-07-28")
        #expect(reply.json["result"]?["capabilities"]?["tools"] != nil, "the upstream's capabilities are merged in")
    }

    @Test func aServerTheConfigurationDisablesIsSaidToBeDisabled() async throws {
        let fixture = try BuilderFixture()
        let (disabled, unknown) = try await fixture.test { client in
            (try await client.send(.post, "/mcp/retired", json: Self.call, headers: Self.headers("tools/call", name: "search_contacts")),
             try await client.send(.post, "/mcp/nowhere", json: Self.call, headers: Self.headers("tools/call", name: "search_contacts")))
        }
        #expect(disabled.status == .notFound)
        #expect(disabled.text.contains("server 'retired' is disabled"))
        #expect(unknown.status == .notFound)
        #expect(unknown.text.contains("no server named 'nowhere' is configured"))
    }

    struct Refused: Sendable, CustomTestStringConvertible {
        var label: String
        var headers: HTTPFields
        var status: HTTPResponse.Status
        var code: Int
        var testDescription: String { label }
    }

    static let call: JSONValue = ["jsonrpc": "2.0", "id": 4, "method": "tools/call",
                                  "params": ["name": "search_contacts", "arguments": [:], "_meta": meta]]

    static let refusals: [Refused] = [
        Refused(label: "no Mcp-Method", headers: [MCPHeaders.protocolVersion: "2026-07-28"], status: .badRequest, code: -32020),
        Refused(label: "Mcp-Method of another method", headers: headers("tools/list"), status: .badRequest, code: -32020),
        Refused(label: "no Mcp-Name", headers: headers("tools/call"), status: .badRequest, code: -32020),
        Refused(label: "Mcp-Name of another tool, in Base64", headers: headers("tools/call", name: "=?base64?ZGVsZXRlX2FsbA==?="),
                status: .badRequest, code: -32020),
        Refused(label: "a revision nobody speaks", headers: [MCPHeaders.protocolVersion: "1999-01-01"], status: .badRequest, code: -32022),
    ]

    @Test(arguments: refusals) func theTransportsChecksComeFirst(_ refused: Refused) async throws {
        let fixture = try BuilderFixture()
        let reply = try await fixture.test { client in
            try await client.send(.post, "/mcp/crm", json: Self.call, headers: refused.headers)
        }
        #expect(reply.status == refused.status)
        #expect(reply.json["id"] == 4)
        #expect(reply.json["error"]?["code"] == .int(Int64(refused.code)))
        #expect(fixture.assembly.registry.pools.countsByServer.isEmpty, "no upstream was started for a refused request")
    }

    @Test func anUnknownMethodIs404AndGetAndDeleteAre405() async throws {
        let fixture = try BuilderFixture()
        let (unknown, get, delete) = try await fixture.test { client in
            (try await client.send(.post, "/mcp/crm", json: ["jsonrpc": "2.0", "id": "u", "method": "nope", "params": ["_meta": Self.meta]],
                                   headers: Self.headers("nope")),
             try await client.send(.get, "/mcp/crm", headers: [MCPHeaders.protocolVersion: "2026-07-28", .accept: "text/event-stream"]),
             try await client.send(.delete, "/mcp/crm", headers: [MCPHeaders.protocolVersion: "2026-07-28"]))
        }
        #expect(unknown.status == .notFound)
        #expect(unknown.json["error"]?["code"] == -32601)
        #expect(get.status == .methodNotAllowed && delete.status == .methodNotAllowed)
        #expect(get.headers[.allow] == "POST")
    }

    @Test func anUnknownRevisionInTheHeaderGetsUnsupportedVersion() async throws {
        let fixture = try BuilderFixture()
        let reply = try await fixture.test { client in
            try await client.send(.post, "/mcp/crm", json: ["jsonrpc": "2.0", "id": "a", "method": "tools/list"],
                                  headers: [MCPHeaders.protocolVersion: "1999-01-01"])
        }
        #expect(reply.status == .badRequest)
        #expect(reply.json["id"] == "a")
        #expect(reply.json["error"]?["code"] == -32022)
        #expect(reply.json["error"]?["data"]?["requested"] == "1999-01-01")
        #expect(reply.json["error"]?["data"]?["supported"]?[0] == "2026-07-28")
    }
}
