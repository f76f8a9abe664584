import JSON
import NIOCore
import Policy
import Synchronization
import Testing
import TestSupport
import Upstream

@testable import Gateway

/// One session in process, over scripted upstreams and a manual clock: what the upstream sends
/// reaches the right stream, a crash fails what it carried and the next request replays
/// `initialize`, held calls are kept alive and withdrawn, deadlines and idle expiry follow the
/// injected clock.
@Suite struct GatewaySessionTests {
    @Test func upstreamMessagesReachTheRequestTheyBelongTo() async throws {
        let (fixture, upstream) = try await SessionFixture.initialized()
        guard case .stream(let stream) = try await fixture.receive(SessionFixture.call("slow", id: 7, progressToken: "p7")) else {
            Issue.record("a forwarded call is answered with a stream")
            return
        }
        #expect(await upstream.next("tools/call")?.id == .number(7), "the agent's own id goes upstream in a session")
        upstream.emit(#"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p7","progress":1}}"#)
        upstream.emit(#"{"jsonrpc":"2.0","id":"s1","method":"sampling/createMessage","params":{"messages":[]}}"#)
        upstream.emit(#"{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"done"}]}}"#)
        var parts: [ReplyPart] = []
        for await part in stream { parts.append(part) }
        #expect(parts.map { $0.json?["method"]?.stringValue } == ["notifications/progress", "sampling/createMessage", nil])
        #expect(parts.last?.json?["result"]?["content"]?[0]?["text"] == "done")
        await fixture.registry.close(fixture.session, reason: "test")
    }

    @Test func aNotificationWithNoRequestInFlightWaitsForTheStandaloneStream() async throws {
        let (fixture, upstream) = try await SessionFixture.initialized()
        upstream.emit(#"{"jsonrpc":"2.0","method":"notifications/resources/list_changed"}"#)
        let standalone = try #require(fixture.session.openStandaloneStream())
        for await message in standalone {
            #expect(try JSONParser.parse(String(buffer: message))["method"] == "notifications/resources/list_changed")
            break
        }
        #expect(fixture.session.openStandaloneStream() == nil, "one standalone stream at a time")
        await fixture.registry.close(fixture.session, reason: "test")
    }

    @Test func aCrashFailsWhatTheUpstreamCarriedAndTheNextRequestReplaysInitialize() async throws {
        let (fixture, first) = try await SessionFixture.initialized()
        let waiting = try await fixture.receive(SessionFixture.call("slow", id: 3))
        _ = await first.next("tools/call")
        first.crash()
        let failed = await SessionFixture.parts(waiting).last?.json
        #expect(failed?["error"]?["code"] == .int(Int64(JSONRPCErrorCode.internalError)))
        #expect(failed?["error"]?["message"]?.stringValue?.contains("the next request starts a fresh upstream") == true)

        let answered = await SessionFixture.parts(try await fixture.receive(SessionFixture.call("echo", id: 4))).last?.json
        #expect(answered?["result"]?["content"]?[0]?["text"] == "echoed")
        let second = try #require(fixture.upstreams.withLock { $0.count == 2 ? $0[1] : nil })
        let replayed = await second.next("initialize")
        #expect(replayed?.id?.isGatewayOwn == true, "the replayed initialize carries an id of the gateway's own")
        #expect(replayed?.paramsString("protocolVersion") == "2025-11-25", "the agent's own initialize params")
        #expect(second.methods.withLock { $0 } == ["initialize", "notifications/initialized", "tools/call"])
        await fixture.registry.close(fixture.session, reason: "test")
    }

    @Test func aRequestBeforeInitializeIsRefusedWithoutStartingAnUpstream() async throws {
        let fixture = try SessionFixture()
        let reply = await SessionFixture.parts(try await fixture.receive(SessionFixture.call("echo", id: 1))).last?.json
        #expect(reply?["error"]?["message"]?.stringValue == SessionError.notInitialized.description)
        #expect(fixture.upstreams.withLock { $0.isEmpty })
    }

    @Test func anUnansweredRequestGetsKeepAlivesThenTimesOutOnTheSessionClock() async throws {
        let (fixture, upstream) = try await SessionFixture.initialized(callTimeout: .seconds(30))
        guard case .stream(let stream) = try await fixture.receive(SessionFixture.call("slow", id: 5)) else {
            Issue.record("a forwarded call is answered with a stream")
            return
        }
        _ = await upstream.next("tools/call")
        fixture.clock.advance(by: .seconds(1))
        await fixture.session.sweep(now: fixture.sessionClock.now())
        fixture.clock.advance(by: .seconds(30))
        await fixture.session.sweep(now: fixture.sessionClock.now())
        var parts: [ReplyPart] = []
        for await part in stream { parts.append(part) }
        #expect(parts.first?.isKeepAlive == true, "a keep-alive after a second")
        #expect(parts.last?.json?["error"]?["code"] == .int(Int64(JSONRPCErrorCode.requestTimeout)))
        let cancelled = await upstream.next("notifications/cancelled")
        #expect(cancelled?.cancelledRequestID == .number(5), "the upstream is told to stop")
        await fixture.registry.close(fixture.session, reason: "test")
    }

    @Test func aHeldCallIsKeptAliveWithProgressAndForwardedOnceApproved() async throws {
        let gate = ScriptedGate()
        let (fixture, upstream) = try await SessionFixture.initialized(approvals: gate)
        guard case .stream(let stream) = try await fixture.receive(SessionFixture.call("held", id: 8, progressToken: "t8")) else {
            Issue.record("a held call is answered with a stream at once")
            return
        }
        var parts = stream.makeAsyncIterator()
        _ = await gate.holding.first { _ in true }
        fixture.clock.advance(by: .seconds(1))
        await fixture.session.sweep(now: fixture.sessionClock.now())
        let tick = await parts.next()?.json
        #expect(tick?["method"] == "notifications/progress")
        #expect(tick?["params"]?["progress"] == 1 && tick?["params"]?["progressToken"] == "t8")
        #expect(!upstream.methods.withLock { $0 }.contains("tools/call"), "nothing is forwarded while the call is held")

        gate.decide(.approved(by: "tester"))
        let answered = await parts.next()?.json
        #expect(answered?["id"] == 8)
        #expect(await upstream.next("tools/call")?.paramsString("name") == "held")
        await fixture.registry.close(fixture.session, reason: "test")
    }

    @Test func aHeldCallTheAgentCancelsIsWithdrawnAndNeverForwarded() async throws {
        let gate = ScriptedGate()
        let (fixture, upstream) = try await SessionFixture.initialized(approvals: gate)
        let reply = try await fixture.receive(SessionFixture.call("held", id: 9))
        let withdrawal = await gate.holding.first { _ in true }
        _ = try await fixture.receive(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":9}}"#)
        #expect(await withdrawal?.wait() == "the agent cancelled the call")
        gate.decide(.refused(reason: "withdrawn"))
        _ = await SessionFixture.parts(reply)
        let sent = upstream.methods.withLock { $0 }
        #expect(!sent.contains("tools/call") && !sent.contains("notifications/cancelled"),
                "a withdrawn call never reaches the upstream, nor does its cancellation")
        await fixture.registry.close(fixture.session, reason: "test")
    }
}

/// An approval gate the test decides for: it announces each held call (with its withdrawal
/// signal) and returns the verdicts the test hands it, in order.
final class ScriptedGate: ApprovalGate {
    let holding: AsyncStream<WithdrawalSignal>
    private let announce: AsyncStream<WithdrawalSignal>.Continuation
    private let verdicts: AsyncStream<ApprovalVerdict>
    private let verdict: AsyncStream<ApprovalVerdict>.Continuation

    init() {
        (holding, announce) = AsyncStream.makeStream(of: WithdrawalSignal.self, bufferingPolicy: .unbounded)
        (verdicts, verdict) = AsyncStream.makeStream(of: ApprovalVerdict.self, bufferingPolicy: .unbounded)
    }

    func decide(_ verdict: ApprovalVerdict) {
        self.verdict.yield(verdict)
    }

    func decide(_ call: ToolCall, server: String, rule: RuleReference, options: ApprovalOptions, hold: HoldContext) async -> ApprovalVerdict {
        announce.yield(hold.withdrawn)
        for await verdict in verdicts { return verdict }
        return .refused(reason: "the test ended")
    }
}
