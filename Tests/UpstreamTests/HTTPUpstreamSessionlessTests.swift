import NIOCore
import Testing
import Upstream

/// A 2026-07-28 request sent outside any session: the headers a client must send, and the
/// agent's trace context, on the wire.
@Suite(.timeLimit(.minutes(1))) struct HTTPUpstreamSessionlessTests {
    @Test func sendsTheStandardHeadersAndTheTraceContextWithoutASession() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .json(#"{"jsonrpc":"2.0","id":7,"result":{"content":[]}}"#) }
        defer { Task { await server.stop() } }
        let upstream = try HTTPUpstream(HTTPServerSpec(name: "modern", url: server.url, headers: ["Authorization": "Bearer u"]),
                                        client: testHTTPClient, logger: testLogger)
        var events = upstream.events.makeAsyncIterator()
        let call = #"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"écho","arguments":{}}}"#
        let trace = [(name: "traceparent", value: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), (name: "baggage", value: "k=v")]
        try await TraceContext.$headers.withValue(trace) {
            try await upstream.send(ByteBuffer(string: call),
                                    metadata: RequestMetadata(protocolVersion: "2026-07-28", method: "tools/call",
                                                              name: HeaderValue.encode("écho"),
                                                              params: ["Mcp-Param-Region": "us-west1"]))
        }
        guard case .message(let reply)? = await events.next() else { Issue.record("no reply"); return }
        #expect(reply.relatedRequestID == "7")
        let request = try #require(server.requests.first)
        #expect(request.header("MCP-Protocol-Version") == "2026-07-28")
        #expect(request.header("Mcp-Method") == "tools/call")
        #expect(request.header("Mcp-Name") == "=?base64?w6ljaG8=?=")
        #expect(request.header("Mcp-Param-Region") == "us-west1")
        #expect(request.header("Mcp-Session-Id") == nil)
        #expect(request.header("Authorization") == "Bearer u")
        #expect(request.header("traceparent") == trace[0].value)
        #expect(request.header("baggage") == "k=v")
        #expect(request.header("tracestate") == nil)
        await upstream.close()
    }

    @Test func takesOnlyTraceHeadersWithoutLineBreaks() {
        let sent = ["traceparent": "00-a-b-01", "tracestate": "x\r\ny: z", "baggage": "", "authorization": "secret"]
        let kept = TraceContext.headers { sent[$0] }
        #expect(kept.map(\.name) == ["traceparent"])
    }
}
