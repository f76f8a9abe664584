import AsyncHTTPClient
import JSON
import NIOCore
import NIOHTTP1
import Testing
import Upstream

@Suite(.timeLimit(.minutes(1))) struct HTTPUpstreamTests {
    private let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
    private let initializeResult = #"{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18","capabilities":{},"serverInfo":{"name":"s","version":"1"}}}"#
    private let ping = #"{"jsonrpc":"2.0","id":2,"method":"ping"}"#

    private func connect(_ server: ScriptedHTTPServer, headers: [String: String] = [:]) throws -> HTTPUpstream {
        try HTTPUpstream(HTTPServerSpec(name: "scripted", url: server.url, headers: headers), client: testHTTPClient, logger: testLogger)
    }

    /// The next message (text and related id); nil at `.closed`.
    private func next(_ iterator: inout AsyncStream<UpstreamEvent>.AsyncIterator) async throws -> (text: String, related: String?)? {
        guard case .message(let message)? = await iterator.next() else { return nil }
        return (message.text, message.relatedRequestID)
    }

    @Test func emitsAJSONReplyTaggedWithItsRequest() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .json(#"{"jsonrpc":"2.0","id":2,"result":{}}"#) }
        defer { Task { await server.stop() } }
        let upstream = try connect(server)
        var events = upstream.events.makeAsyncIterator()
        try await upstream.send(ByteBuffer(string: ping))
        let reply = try await next(&events)
        #expect(reply?.text == #"{"jsonrpc":"2.0","id":2,"result":{}}"#)
        #expect(reply?.related == "2")
        await upstream.close()
    }

    @Test func emitsEverySSEEventInOrderTaggedWithItsRequest() async throws {
        let progress = #"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p","progress":1}}"#
        let server = try await ScriptedHTTPServer.start { _ in
            .sse(["event: message\r\ndata: \(progress)\r\n\r\n: keep-alive\r\n\r\nevent: mess", "age\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":2,\r\ndata: \"result\":{}}\r\n\r\n"])
        }
        defer { Task { await server.stop() } }
        let upstream = try connect(server)
        var events = upstream.events.makeAsyncIterator()
        try await upstream.send(ByteBuffer(string: ping))
        #expect(try await next(&events)?.text == progress)
        let reply = try await next(&events)
        #expect(reply?.text == "{\"jsonrpc\":\"2.0\",\"id\":2,\n\"result\":{}}")
        #expect(reply?.related == "2")
        await upstream.close()
    }

    @Test func sendsTheSessionAndNegotiatedVersionAfterInitializeThenOpensTheGETStream() async throws {
        let initializeResult = self.initializeResult
        let server = try await ScriptedHTTPServer.start { request in
            switch request.method {
            case .POST where request.body.contains("\"initialize\""):
                return .json(initializeResult, headers: [("Mcp-Session-Id", "session-1")])
            case .POST:
                return .status(.accepted)
            default:
                return .status(.methodNotAllowed)
            }
        }
        defer { Task { await server.stop() } }
        let upstream = try connect(server, headers: ["Authorization": "Bearer upstream-token"])
        var events = upstream.events.makeAsyncIterator()
        try await upstream.send(ByteBuffer(string: initialize))
        _ = try await next(&events)
        #expect(upstream.sessionID == "session-1")
        #expect(upstream.negotiatedProtocolVersion == "2025-06-18")
        try await upstream.send(ByteBuffer(string: #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#))
        let requests = await server.requests(once: { $0.method == .GET })
        let (first, second, get) = (requests[0], requests[1], requests[2])
        #expect(first.header("Accept") == "application/json, text/event-stream")
        #expect(first.header("Content-Type") == "application/json")
        #expect(first.header("Authorization") == "Bearer upstream-token")
        #expect(first.header("Mcp-Session-Id") == nil)
        #expect(first.header("MCP-Protocol-Version") == nil)
        #expect(second.header("Mcp-Session-Id") == "session-1")
        #expect(second.header("MCP-Protocol-Version") == "2025-06-18")
        #expect(get.header("Accept") == "text/event-stream")
        #expect(get.header("Mcp-Session-Id") == "session-1")
        await upstream.close()
        let delete = server.requests.last
        #expect(delete?.method == .DELETE)
        #expect(delete?.header("Mcp-Session-Id") == "session-1")
    }

    @Test func turnsAnHTTPErrorIntoAJSONRPCErrorForTheRequest() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .status(.badGateway, contentType: "text/html", body: "<h1>Bad Gateway</h1>") }
        defer { Task { await server.stop() } }
        let upstream = try connect(server)
        var events = upstream.events.makeAsyncIterator()
        try await upstream.send(ByteBuffer(string: ping))
        let reply = try #require(try await next(&events))
        let json = try JSONParser.parse(reply.text)
        #expect(json["id"] == 2)
        #expect(json["error"]?["code"] == -32603)
        #expect(json["error"]?["message"]?.stringValue == "upstream scripted answered HTTP 502 Bad Gateway: <h1>Bad Gateway</h1>")
        #expect(reply.related == "2")
        await upstream.close()
    }

    @Test func passesTheUpstreamsJSONRPCErrorThroughWithTheRequestsID() async throws {
        let server = try await ScriptedHTTPServer.start { _ in
            .json(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Bad Request: Missing session ID"}}"#, status: .badRequest)
        }
        defer { Task { await server.stop() } }
        let upstream = try connect(server)
        var events = upstream.events.makeAsyncIterator()
        try await upstream.send(ByteBuffer(string: ping))
        #expect(try await next(&events)?.text == #"{"jsonrpc":"2.0","id":2,"error":{"code":-32600,"message":"Bad Request: Missing session ID"}}"#)
        await upstream.close()
    }

    @Test func endsTheConnectionWhenAnEstablishedSessionExpires() async throws {
        let initializeResult = self.initializeResult
        let server = try await ScriptedHTTPServer.start { request in
            request.body.contains("\"initialize\"")
                ? .json(initializeResult, headers: [("Mcp-Session-Id", "s")])
                : .json(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Session not found"}}"#, status: .notFound)
        }
        defer { Task { await server.stop() } }
        let upstream = try connect(server)
        var events = upstream.events.makeAsyncIterator()
        try await upstream.send(ByteBuffer(string: initialize))
        _ = try await next(&events)
        try await upstream.send(ByteBuffer(string: ping))
        let (messages, closure) = try await drain(upstream)
        #expect(messages.isEmpty)
        #expect(closure.cause == .sessionExpired)
        await #expect(throws: UpstreamError.self) { try await upstream.send(ByteBuffer(string: ping)) }
    }

    @Test func answersARequestWhoseStreamEndsBeforeTheResponse() async throws {
        let server = try await ScriptedHTTPServer.start { _ in
            .sse(["data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"x\"}}\n\n"])
        }
        defer { Task { await server.stop() } }
        let upstream = try connect(server)
        var events = upstream.events.makeAsyncIterator()
        try await upstream.send(ByteBuffer(string: ping))
        #expect(try await next(&events)?.text.contains("notifications/message") == true)
        let error = try #require(try await next(&events))
        #expect(error.text == #"{"jsonrpc":"2.0","id":2,"error":{"code":-32603,"message":"upstream scripted closed the response stream before answering"}}"#)
        await upstream.close()
    }

    @Test func answersARequestWhenTheServerIsUnreachable() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .status(.ok) }
        let url = server.url
        await server.stop()
        let upstream = try HTTPUpstream(HTTPServerSpec(name: "gone", url: url), client: testHTTPClient, logger: testLogger)
        var events = upstream.events.makeAsyncIterator()
        try await upstream.send(ByteBuffer(string: ping))
        let error = try JSONParser.parse(try #require(try await next(&events)).text)
        #expect(error["id"] == 2)
        #expect(error["error"]?["message"]?.stringValue?.hasPrefix("upstream gone request failed:") == true)
        await upstream.close()
    }

    @Test func reportsARefusedNotification() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .status(.badRequest, body: "no") }
        defer { Task { await server.stop() } }
        let upstream = try connect(server)
        let error = await #expect(throws: UpstreamError.self) {
            try await upstream.send(ByteBuffer(string: #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#))
        }
        #expect(error == .writeFailed(server: "scripted", reason: "HTTP 400 Bad Request: no"))
        await upstream.close()
    }

    @Test func refusesAURLThatIsNotHTTP() {
        #expect(throws: UpstreamError.invalidConfiguration(server: "x", reason: "url 'ftp://host/mcp' must start with http:// or https://")) {
            _ = try HTTPUpstream(HTTPServerSpec(name: "x", url: "ftp://host/mcp"), client: testHTTPClient, logger: testLogger)
        }
    }

    @Test func closeEmitsClosedOnce() async throws {
        let server = try await ScriptedHTTPServer.start { _ in .status(.ok) }
        defer { Task { await server.stop() } }
        let upstream = try connect(server)
        await upstream.close()
        await upstream.close()
        let (messages, closure) = try await drain(upstream)
        #expect(messages.isEmpty)
        #expect(closure.cause == .closedByGatehouse)
        #expect(server.requests.isEmpty, "no session, so nothing to DELETE")
    }
}
