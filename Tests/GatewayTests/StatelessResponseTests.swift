import JSON
import Testing

@testable import Gateway

/// What a 2026-07-28 agent gets back: the upstream's answer under its own id, stamped.
@Suite struct StatelessResponseTests {
    func relay(_ upstream: String, cache: StatelessResponse.CacheHint? = nil) throws -> String {
        String(buffer: StatelessResponse.relay(try JSONRPCMessage.parse(upstream), id: .number(7), cache: cache))
    }

    @Test func stampsResultTypeOnAnOlderUpstreamsResultKeepingItsBytes() throws {
        #expect(try relay(#"{"jsonrpc":"2.0","id":"gatehouse-pool-1-3","result":{"content":[] ,"isError":false}}"#)
            == #"{"jsonrpc":"2.0","id":7,"result":{"resultType":"complete","content":[] ,"isError":false}}"#)
        #expect(try relay(#"{"jsonrpc":"2.0","id":"x","result":{ }}"#) == #"{"jsonrpc":"2.0","id":7,"result":{"resultType":"complete" }}"#)
    }

    @Test func addsCacheHintsToCacheableResults() throws {
        #expect(try relay(#"{"jsonrpc":"2.0","id":"x","result":{"tools":[]}}"#, cache: .private())
            == #"{"jsonrpc":"2.0","id":7,"result":{"resultType":"complete","ttlMs":0,"cacheScope":"private","tools":[]}}"#)
    }

    @Test func aModernUpstreamsPublicScopeBecomesPrivateAndItsResultTypeIsKept() throws {
        let text = try relay(#"{"jsonrpc":"2.0","id":"x","result":{"resultType":"complete","tools":[],"ttlMs":60000,"cacheScope":"public"}}"#,
                             cache: .private())
        let result = try JSONParser.parse(text)["result"]
        #expect(result?["cacheScope"] == "private")
        #expect(result?["ttlMs"] == 0)
        #expect(result?["resultType"] == "complete")
        let pending = try relay(#"{"jsonrpc":"2.0","id":"x","result":{"resultType":"input_required","inputRequests":{}}}"#)
        #expect(try JSONParser.parse(pending)["result"]?["resultType"] == "input_required")
    }

    @Test func relaysAnErrorUnderTheAgentsID() throws {
        #expect(try relay(#"{"jsonrpc":"2.0","id":"x","error":{"code":-32601,"message":"no"}}"#)
            == #"{"jsonrpc":"2.0","id":7,"error":{"code":-32601,"message":"no"}}"#)
    }

    @Test func stripsTheSessionlessEnvelopeForAnOlderUpstreamButKeepsTraceContext() throws {
        let message = try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a","_meta":{"#
            + #""io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"#
            + #""traceparent":"00-abc-def-01","progressToken":5},"arguments":{}}}"#)
        #expect(String(buffer: message.paramsWithoutEnvelope!)
            == #"{"name":"a","_meta":{"traceparent":"00-abc-def-01","progressToken":5},"arguments":{}}"#)
    }

    @Test func discoverMergesTheUpstreamsCapabilitiesAndIdentity() {
        let initialize: JSONValue = ["protocolVersion": "2025-11-25", "instructions": "tell the time",
                                     "serverInfo": ["name": "mcp-time", "version": "1.2"],
                                     "capabilities": ["tools": ["listChanged": true], "logging": [:], "resources": ["subscribe": true],
                                                      "experimental": [:], "completions": [:]]]
        let result = StatelessDiscovery.result(server: "time", initialize: initialize)
        #expect(result["supportedVersions"] == ["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"])
        #expect(result["capabilities"] == ["tools": ["listChanged": true], "logging": [:], "resources": ["subscribe": true], "completions": [:]])
        #expect(result["_meta"]?["io.modelcontextprotocol/serverInfo"] == ["name": "mcp-time", "version": "1.2"])
        #expect(result["instructions"] == "tell the time")
    }
}
