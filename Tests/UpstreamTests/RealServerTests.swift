import JSON
import NIOCore
import Testing
import Upstream

/// The transports and the client against servers nobody here wrote: PyPI's mcp-server-time
/// over stdio and the official Python SDK's Streamable HTTP server (tests/e2e/fixtures).
@Suite(.timeLimit(.minutes(1)), .enabled(if: PythonFixtures.available, "needs .venv-test (scripts/setup-python)"))
struct RealServerTests {
    @Test func listsTheToolsOfMCPServerTimeOverStdio() async throws {
        let spec = StdioServerSpec(name: "time", command: PythonFixtures.script("mcp-server-time"), arguments: ["--local-timezone", "UTC"])
        let upstream = try await StdioUpstream.launch(spec, logger: testLogger)
        let client = MCPClient(connection: upstream, logger: testLogger)
        let reader = Task { await client.run() }
        let info = try await client.initialize(clientName: "gatehouse-test", clientVersion: "0", timeout: .seconds(20))
        let tools = try await client.listTools(timeout: .seconds(20))
        await upstream.close()
        await reader.value
        #expect(info.name == "mcp-time")
        #expect(tools.compactMap { $0["name"]?.stringValue }.sorted() == ["convert_time", "get_current_time"])
        #expect(!isAlive(upstream.processID))
    }

    @Test func speaksStreamableHTTPWithThePythonSDKServer() async throws {
        try await PythonFixtures.withRichHTTPServer { url in
            let upstream = try HTTPUpstream(HTTPServerSpec(name: "rich", url: url), client: testHTTPClient, logger: testLogger)
            let client = MCPClient(connection: upstream, logger: testLogger)
            let (others, othersContinuation) = AsyncStream.makeStream(of: UpstreamMessage.self)
            let reader = Task {
                for await event in upstream.events {
                    switch event {
                    case .message(let message): if !client.handle(message) { othersContinuation.yield(message) }
                    case .closed(let closure): client.connectionClosed(closure)
                    }
                }
                othersContinuation.finish()
            }
            var messages = others.makeAsyncIterator()

            let info = try await client.initialize(
                clientName: "gatehouse-test", clientVersion: "0", capabilities: ["roots": ["listChanged": true]], timeout: .seconds(20))
            #expect(info.name == "gatehouse-rich-upstream")
            #expect(upstream.sessionID != nil)
            #expect(upstream.negotiatedProtocolVersion == "2025-11-25")
            let tools = try await client.listTools(timeout: .seconds(20)).compactMap { $0["name"]?.stringValue }
            #expect(tools.contains("slow_progress"))

            // Progress travels on the call's own SSE stream, before the result.
            try await upstream.send(ByteBuffer(string: #"{"jsonrpc":"2.0","id":100,"method":"tools/call","params":{"name":"slow_progress","arguments":{"steps":2,"delay":0.01},"_meta":{"progressToken":"p1"}}}"#))
            var progress = 0
            while let message = await messages.next() {
                #expect(message.relatedRequestID == "100")
                let json = try JSONParser.parse(message.text)
                if json["method"] == "notifications/progress" { progress += 1 }
                if json["id"] == 100 {
                    #expect(json["result"]?["content"]?[0]?["text"] == "done 2")
                    break
                }
            }
            #expect(progress == 2)

            // A server-to-client request with no related request arrives on the GET stream.
            try await upstream.send(ByteBuffer(string: #"{"jsonrpc":"2.0","id":101,"method":"tools/call","params":{"name":"list_client_roots","arguments":{"channel":"standalone"}}}"#))
            let rootsRequest = try #require(await messages.next())
            let request = try JSONParser.parse(rootsRequest.text)
            #expect(request["method"] == "roots/list")
            #expect(rootsRequest.relatedRequestID == nil)
            let reply: JSONValue = ["jsonrpc": "2.0", "id": request["id"] ?? .null, "result": ["roots": [["uri": "file:///gatehouse"]]]]
            try await upstream.send(ByteBuffer(bytes: JSONWriter().bytes(reply)))
            let result = try JSONParser.parse(try #require(await messages.next()).text)
            #expect(result["result"]?["content"]?[0]?["text"] == #"["file:///gatehouse"]"#)

            await upstream.close()
            await reader.value
        }
    }

    @Test func readsJSONRepliesFromThePythonSDKServer() async throws {
        try await PythonFixtures.withRichHTTPServer(jsonResponse: true) { url in
            let upstream = try HTTPUpstream(HTTPServerSpec(name: "rich-json", url: url), client: testHTTPClient, logger: testLogger)
            let client = MCPClient(connection: upstream, logger: testLogger)
            let reader = Task { await client.run() }
            _ = try await client.initialize(clientName: "gatehouse-test", clientVersion: "0", timeout: .seconds(20))
            let echoed = try await client.request("tools/call", params: ["name": "echo", "arguments": ["text": "hi"]], timeout: .seconds(20))
            #expect(echoed["content"]?[0]?["text"] == "hi")
            await upstream.close()
            await reader.value
        }
    }
}
