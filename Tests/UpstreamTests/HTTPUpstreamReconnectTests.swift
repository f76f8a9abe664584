import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import TestSupport
import Testing
@testable import Upstream

/// When a dropped SSE stream is reopened: the rule as a table, and the connection waiting on a
/// test clock that the test advances (nothing here waits on the wall clock).
@Suite(.timeLimit(.minutes(1))) struct HTTPUpstreamReconnectTests {
    private let initialize = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#
    private let initializeResult = #"{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"s","version":"1"}}}"#
    private let initialized = #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#

    @Test(arguments: [
        // (streams as (received, open for seconds), whether the last one gives up)
        ([(0, 0), (0, 0), (0, 0)], false),
        ([(0, 0), (0, 0), (0, 0), (0, 0)], true),
        ([(0, 0), (0, 0), (0, 0), (1, 0), (0, 0), (0, 0), (0, 0)], false),
        ([(0, 0), (0, 0), (0, 0), (0, 31), (0, 0), (0, 0), (0, 0)], false),
        ([(0, 0), (0, 0), (0, 0), (0, 30)], true),
    ] as [([(Int, Int64)], Bool)])
    func givesUpAfterMoreFailuresInARowThanAllowed(streams: [(Int, Int64)], givesUp: Bool) {
        var schedule = SSEReconnectSchedule(maximumAttempts: 3)
        let verdicts = streams.map { schedule.streamEnded(received: $0.0, openFor: .seconds($0.1)) }
        #expect(verdicts.dropLast().allSatisfy { !$0 })
        #expect(verdicts.last == givesUp)
    }

    @Test func waitsTheServersRetryOrASecond() throws {
        var parser = SSEParser(maximumEventSize: 1024)
        #expect(SSEReconnectSchedule.delay(after: parser) == .seconds(1))
        _ = try parser.parse(ByteBuffer(string: "retry: 2500\n\n"))
        #expect(SSEReconnectSchedule.delay(after: parser) == .milliseconds(2500))
    }

    @Test func reopensAFailingGETStreamAfterEachPauseThenGivesUp() async throws {
        let initializeResult = self.initializeResult
        let server = try await ScriptedHTTPServer.start { request in
            switch request.method {
            case .POST where request.body.contains("\"initialize\""):
                return .json(initializeResult, headers: [("Mcp-Session-Id", "session-1")])
            case .POST: return .status(.accepted)
            case .GET: return .sse(["retry: 5000\n\n"])  // ends at once, having brought nothing
            default: return .status(.methodNotAllowed)
            }
        }
        defer { Task { await server.stop() } }
        let clock = ManualClock()
        let upstream = try HTTPUpstream(HTTPServerSpec(name: "scripted", url: server.url, maximumReconnectAttempts: 2),
                                        client: testHTTPClient, logger: testLogger, clock: clock)
        var events = upstream.events.makeAsyncIterator()
        try await upstream.send(ByteBuffer(string: initialize))
        _ = await events.next()
        try await upstream.send(ByteBuffer(string: initialized))
        let isGET: @Sendable (ScriptedHTTPServer.Request) -> Bool = { $0.method == .GET }

        for opened in 1...2 {
            _ = await server.requests(count: opened, where: isGET)
            await clock.sleepers(atLeast: 1)
            clock.advance(by: .milliseconds(4999))
            #expect(server.requests.filter(isGET).count == opened, "not reopened before the server's retry of 5 s")
            clock.advance(by: .milliseconds(1))
        }
        _ = await server.requests(count: 3, where: isGET)
        // Three failures in a row is more than the two allowed: no pause, no fourth GET.
        clock.advance(by: .seconds(60))
        await upstream.close()
        #expect(server.requests.filter(isGET).count == 3)
    }

    @Test func resumesACutRequestStreamAfterTheServersRetry() async throws {
        let server = try await ScriptedHTTPServer.start { request in
            request.method == .POST
                ? .sse(["id: stream-1-0\nretry: 3000\ndata:\n\n"])
                : .sse(["id: stream-1-1\ndata: {\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}\n\n"])
        }
        defer { Task { await server.stop() } }
        let clock = ManualClock()
        let upstream = try HTTPUpstream(HTTPServerSpec(name: "scripted", url: server.url), client: testHTTPClient,
                                        logger: testLogger, clock: clock)
        var events = upstream.events.makeAsyncIterator()
        try await upstream.send(ByteBuffer(string: #"{"jsonrpc":"2.0","id":2,"method":"ping"}"#))
        await clock.sleepers(atLeast: 1)
        clock.advance(by: .milliseconds(2999))
        #expect(server.requests.allSatisfy { $0.method == .POST }, "no GET before the server's retry of 3 s")
        clock.advance(by: .milliseconds(1))
        guard case .message(let reply)? = await events.next() else { Issue.record("no reply"); return }
        #expect(reply.text == #"{"jsonrpc":"2.0","id":2,"result":{}}"#)
        #expect(server.requests.last?.header("Last-Event-ID") == "stream-1-0")
        await upstream.close()
    }
}
