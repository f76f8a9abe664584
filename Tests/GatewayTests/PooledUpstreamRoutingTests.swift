import Foundation
import JSON
import NIOCore
import Store
import Synchronization
import Testing
import TestSupport

@testable import Gateway

/// What an upstream sends of its own on a pooled connection: progress and logging go to the
/// request they belong to (under the agent's token), list changes and resource updates to the
/// listen streams that asked for them, requests get a precise refusal; nothing passes unvetted.
@Suite struct PooledUpstreamRoutingTests {
    typealias Fixture = StatelessGatewayTests.Fixture

    /// A call of the fake's `progress` tool (two progress notifications, two info log lines: one
    /// its transport relates to the call, one it does not); `logLevel`: the agent's `_meta` opt-in.
    static func progressCall(id: Int, logLevel: String? = "info") throws -> JSONRPCMessage {
        let level = logLevel.map { #","io.modelcontextprotocol/logLevel":"\#($0)""# } ?? ""
        return try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"progress","arguments":{},"_meta":{"progressToken":"agent-token","io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}\#(level)}}}"#)
    }

    /// The methods of what `call` streamed before its answer, and the answer.
    static func streamed(_ call: JSONRPCMessage, fixture: Fixture) async throws -> (methods: [String?], notes: [JSONValue], answer: JSONValue) {
        let streamed = Mutex<[String]>([])
        let reply = await fixture.gateway.handle(call, grant: "alice", route: fixture.route) { message in
            streamed.withLock { $0.append(String(buffer: message)) }
        }
        let notes = try streamed.withLock { $0 }.map { try JSONParser.parse($0) }
        return (notes.map { $0["method"]?.stringValue }, notes, try JSONParser.parse(String(buffer: try #require(reply.body))))
    }

    @Test(arguments: [("debug", 1), ("info", 1), ("warning", 0), (nil, 0)] as [(String?, Int)])
    func logMessagesReachOnlyARequestThatAskedForThemAtOrAboveItsLevel(level: String?, messages: Int) async throws {
        let fixture = try Fixture()
        let (methods, _, answer) = try await Self.streamed(try Self.progressCall(id: 6, logLevel: level), fixture: fixture)
        #expect(answer["result"]?["resultType"] == "complete")
        #expect(methods.filter { $0 == "notifications/message" }.count == messages, "logLevel \(level ?? "absent")")
        #expect(methods.filter { $0 == "notifications/progress" }.count == 2)
        await fixture.pools.closeAll()
    }

    @Test func aStdioUpstreamsLogLinesGoToTheOnlyRequestInFlight() async throws {
        let fixture = try Fixture(relates: false)
        let (methods, notes, _) = try await Self.streamed(try Self.progressCall(id: 7), fixture: fixture)
        #expect(methods == ["notifications/progress", "notifications/message", "notifications/message", "notifications/progress"],
                "with one request in flight, a line the transport relates to nothing is that request's")
        #expect(notes[1]["params"] == ["level": "info", "data": "unrelated"])
        await fixture.pools.closeAll()
    }

    @Test func aStdioUpstreamsLogLinesAreDroppedWhenSeveralRequestsAreInFlight() async throws {
        let fixture = try Fixture(relates: false)
        let held = Task { try await fixture.call("hold", id: 8) }
        _ = try await fixture.call("echo", id: 9)  // the connection exists once this is answered
        let upstream = try #require(fixture.upstreams.all.withLock { $0.first })
        var holding = upstream.holding.stream.makeAsyncIterator()
        let holdID = try #require(await holding.next())
        let (methods, notes, _) = try await Self.streamed(try Self.progressCall(id: 10), fixture: fixture)
        #expect(methods == ["notifications/progress", "notifications/message", "notifications/progress"],
                "whose the unrelated line is cannot be told: dropped; the related one still arrives")
        #expect(notes[1]["params"] == ["level": "info", "data": "halfway"])
        upstream.release(holdID)
        #expect(try await held.value.1["result"]?["content"]?[0]?["text"] == "released")
        await fixture.pools.closeAll()
    }

    @Test func progressReachesTheCallsStreamUnderTheAgentsTokenBeforeTheAnswer() async throws {
        let fixture = try Fixture()
        let streamed = Mutex<[String]>([])
        let reply = await fixture.gateway.handle(try Self.progressCall(id: 4), grant: "alice", route: fixture.route) { message in
            streamed.withLock { $0.append(String(buffer: message)) }
        }
        let answer = try JSONParser.parse(String(buffer: try #require(reply.body)))
        #expect(answer["result"]?["resultType"] == "complete")
        let notes = try streamed.withLock { $0 }.map { try JSONParser.parse($0) }
        #expect(notes.map { $0["method"]?.stringValue } == ["notifications/progress", "notifications/message", "notifications/progress"],
                "the unrelated log line and another request's progress are dropped")
        #expect(notes[0]["params"] == ["progressToken": "agent-token", "progress": 1, "total": 2], "members the schema lacks are dropped")
        #expect(notes[1]["params"] == ["level": "info", "data": "halfway"])
        #expect(notes[2]["params"] == ["progressToken": "agent-token", "progress": 2, "total": 2, "message": "done"])
        let sent = try #require(fixture.upstreams.all.withLock { $0 }.first?.sent.withLock { $0 }.first { $0.method == "tools/call" })
        #expect(!sent.text.contains("agent-token"), "the shared connection never sees an agent's token")
        #expect(try JSONParser.parse(sent.text)["params"]?["_meta"]?["progressToken"]?.stringValue.map { "\"\($0)\"" } == sent.id)
        await fixture.pools.closeAll()
    }

    @Test func progressWithoutAStreamIsDropped() async throws {
        let fixture = try Fixture()
        let reply = await fixture.gateway.handle(try Self.progressCall(id: 5), grant: "alice", route: fixture.route)
        let answer = try JSONParser.parse(String(buffer: try #require(reply.body)))
        #expect(answer["id"] == 5 && answer["result"]?["resultType"] == "complete")
        await fixture.pools.closeAll()
    }

    @Test func upstreamRequestsGetAPreciseRefusalAndTheCapabilityOnesAreAudited() async throws {
        let fixture = try Fixture()
        #expect(try await fixture.call("asks", id: 1).1["result"]?["resultType"] == "complete")
        let sent = try #require(fixture.upstreams.all.withLock { $0 }.first).sent.withLock { $0 }
        let answers = try sent.filter { $0.method == nil }.map { try JSONParser.parse($0.text) }
        let byID = Dictionary(uniqueKeysWithValues: answers.compactMap { answer in answer["id"]?.stringValue.map { ($0, answer) } })
        #expect(byID["up-0"]?["error"]?["code"] == -32021)
        #expect(byID["up-0"]?["error"]?["data"] == ["requiredCapabilities": ["elicitation": [:]]])
        #expect(byID["up-1"]?["error"]?["data"] == ["requiredCapabilities": ["sampling": [:]]])
        #expect(byID["up-2"]?["error"]?["data"] == ["requiredCapabilities": ["roots": [:]]])
        #expect(byID["up-3"]?["result"] == [:], "a ping is answered")
        #expect(byID["up-4"]?["error"]?["code"] == -32601)
        try await fixture.audit.flush()
        let rows = try await fixture.stores.audit.query(AuditFilter(server: "fake", order: .oldestFirst)).filter { $0.kind == .messageRefused }
        #expect(rows.map { $0.detail?["method"] } == ["elicitation/create", "sampling/createMessage", "roots/list"])
        #expect(rows.allSatisfy { $0.detail?["from"] == "upstream" })
        await fixture.pools.closeAll()
    }

    @Test func listenStreamsGetTheUpstreamsChangesTheyAskedForRebuilt() async throws {
        let fixture = try Fixture()
        var gateway = fixture.gateway
        let clock = ManualClock()
        gateway.streamTiming = StreamTiming(clock: clock, poll: .seconds(1), keepAlive: .seconds(60))
        let listen = try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","id":"l","method":"subscriptions/listen","params":{"notifications":{"toolsListChanged":true,"resourceSubscriptions":["file:///a"]},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"#)
        guard case .stream(let subscription) = await gateway.listen(listen, grant: "alice", route: fixture.route) else {
            Issue.record("listen was refused")
            return
        }
        let (parts, output) = AsyncStream.makeStream(of: JSONValue.self)
        let running = Task {
            try await subscription.run(stopping: { false }) { part in
                if case .message(let message) = part { output.yield(try JSONParser.parse(String(buffer: message))) }
            }
        }
        var iterator = parts.makeAsyncIterator()
        let ack = try #require(await iterator.next())
        #expect(ack["params"]?["notifications"] == ["toolsListChanged": true, "resourceSubscriptions": ["file:///a"]])
        #expect(try await fixture.call("changes", id: 2).1["result"]?["resultType"] == "complete")
        // The call waited for the connection the listen started: there is one, and it was asked to subscribe.
        #expect(fixture.upstreams.all.withLock { $0.count } == 1)
        var subscribed = try #require(fixture.upstreams.all.withLock { $0.first }).subscribed.stream.makeAsyncIterator()
        #expect(await subscribed.next() == "file:///a", "the older upstream is asked to announce the resource's updates")
        await clock.sleepers(atLeast: 1)
        clock.advance(by: .seconds(1))
        let tools = try #require(await iterator.next())
        let updated = try #require(await iterator.next())
        #expect(tools == ["jsonrpc": "2.0", "method": "notifications/tools/list_changed",
                          "params": ["_meta": ["io.modelcontextprotocol/subscriptionId": "l"]]], "nothing of the upstream's own making")
        #expect(updated["method"] == "notifications/resources/updated")
        #expect(updated["params"] == ["uri": "file:///a", "_meta": ["io.modelcontextprotocol/subscriptionId": "l"]])
        running.cancel()
        _ = try? await running.value
        #expect(fixture.pools.pool(for: fixture.route, grant: "alice").listeners.openCount == 0, "the ended stream left the hub")
        await fixture.pools.closeAll()
    }

    /// Opens a listen stream of `uris` and runs it until cancelled; returns once it is acknowledged.
    static func listening(to uris: [String], id: String, gateway: StatelessGateway, fixture: Fixture) async throws -> Task<Void, any Error> {
        let list = uris.map { "\"\($0)\"" }.joined(separator: ",")
        let listen = try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","id":"\#(id)","method":"subscriptions/listen","params":{"notifications":{"resourceSubscriptions":[\#(list)]},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"#)
        guard case .stream(let subscription) = await gateway.listen(listen, grant: "alice", route: fixture.route) else {
            throw CancellationError()
        }
        let (acknowledged, ack) = AsyncStream.makeStream(of: Void.self)
        let running = Task { try await subscription.run(stopping: { false }) { _ in ack.yield() } }
        var acks = acknowledged.makeAsyncIterator()
        _ = await acks.next()
        return running
    }

    @Test func aResourceIsSubscribedOnceAndUnsubscribedWhenItsLastListenerGoes() async throws {
        let fixture = try Fixture()
        var gateway = fixture.gateway
        gateway.streamTiming = StreamTiming(clock: ManualClock(), poll: .seconds(1), keepAlive: .seconds(60))
        let first = try await Self.listening(to: ["file:///a", "file:///b"], id: "l1", gateway: gateway, fixture: fixture)
        _ = try await fixture.call("echo", id: 1)  // waits for the connection the listen started
        let upstream = try #require(fixture.upstreams.all.withLock { $0.first })
        var subscribed = upstream.subscribed.stream.makeAsyncIterator()
        var unsubscribed = upstream.unsubscribed.stream.makeAsyncIterator()
        #expect(await subscribed.next() == "file:///a")
        #expect(await subscribed.next() == "file:///b")
        let second = try await Self.listening(to: ["file:///a"], id: "l2", gateway: gateway, fixture: fixture)
        first.cancel()
        _ = try? await first.value
        #expect(await unsubscribed.next() == "file:///b", "file:///a is still wanted by the second stream")
        second.cancel()
        _ = try? await second.value
        #expect(await unsubscribed.next() == "file:///a", "the last listener of file:///a went")
        let third = try await Self.listening(to: ["file:///a"], id: "l3", gateway: gateway, fixture: fixture)
        #expect(await subscribed.next() == "file:///a", "a new listener subscribes it again")
        third.cancel()
        _ = try? await third.value
        #expect(await unsubscribed.next() == "file:///a")
        let methods = upstream.sent.withLock { $0 }.compactMap(\.method).filter { $0.hasPrefix("resources/") }
        #expect(methods == ["resources/subscribe", "resources/subscribe", "resources/unsubscribe", "resources/unsubscribe",
                            "resources/subscribe", "resources/unsubscribe"], "each URI once per change, never twice")
        await fixture.pools.closeAll()
    }
}
