import HTTPTypes
import JSON
import Testing

@testable import Server

/// What `/mcp/<server>` answers a revision it does not speak: MCP's -32022 with
/// `data.supported`, which a dual-era client reads to fall back to `initialize`.
@Suite struct MCPEndpointVersionTests {
    static let supported: JSONValue = ["2025-11-25", "2025-06-18", "2025-03-26"]

    @Test func aSessionlessProbeGetsUnsupportedVersionAndNoSession() async throws {
        let fixture = try BuilderFixture()
        let probe: JSONValue = ["jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": ["_meta": [
            "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": [:]]]]
        let reply = try await fixture.test { client in
            try await client.send(.post, "/mcp/crm", json: probe,
                                  headers: [MCPHeaders.protocolVersion: "2026-07-28", HTTPField.Name("Mcp-Method")!: "server/discover"])
        }
        #expect(reply.status == .badRequest)
        #expect(reply.headers[MCPHeaders.sessionID] == nil, "no session is minted for the probe")
        #expect(reply.json["id"] == 1)
        #expect(reply.json["error"]?["code"] == -32022)
        #expect(reply.json["error"]?["data"] == ["supported": Self.supported, "requested": "2026-07-28"])
    }

    @Test func anUnknownRevisionInTheHeaderGetsTheSameError() async throws {
        let fixture = try BuilderFixture()
        let reply = try await fixture.test { client in
            try await client.send(.post, "/mcp/crm", json: ["jsonrpc": "2.0", "id": "a", "method": "tools/list"],
                                  headers: [MCPHeaders.protocolVersion: "1999-01-01"])
        }
        #expect(reply.status == .badRequest)
        #expect(reply.json["id"] == "a")
        #expect(reply.json["error"]?["code"] == -32022)
        #expect(reply.json["error"]?["data"]?["requested"] == "1999-01-01")
    }
}
