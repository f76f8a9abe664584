import Foundation
import JSON
import Logging
import Policy
@testable import Store
import Testing

@testable import Gateway

/// `"approver": "user"` at 2026-07-28, in process over a fake upstream: the gateway answers
/// `input_required` with a signed state, the retry carrying the person's answer is verified,
/// then forwarded or refused; a bad state is refused with -32602 and audited.
@Suite struct StatelessUserApprovalTests {
    static let policy = #"{"version": "1", "default": "deny", "tools": {"echo": {"action": "require_approval", "approver": "user"}, "other": {}, "mrtr": {}, "closed": {"action": "deny", "reason": "closed"}}}"#
    static let meta = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{"elicitation":{}}}"#

    struct Fixture {
        let gateway: StatelessGateway
        let pools: UpstreamPools
        let route: UpstreamRoute
        let upstreams = FakeUpstream.Made()
        let audit: AuditLog
        let stores: StateStores
        let clock = ManualTimeSource()

        init() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-mrtr-\(UUID().uuidString)").path
            stores = try StateStores.open(.sqlite(directory: directory))
            audit = AuditLog(store: stores.audit)
            let policy = try CompiledPolicy(text: StatelessUserApprovalTests.policy)
            let desk = ApprovalDesk(store: stores.approvals, audit: audit, timeout: .seconds(300), answerWindow: .seconds(60),
                                    replica: "test", clock: clock)
            let enforcer = Enforcer(policy: { _ in policy }, counters: stores.counters, audit: audit,
                                    auditArguments: AuditArgumentRecorder(mode: .redacted, digester: stores.digester),
                                    approvals: desk, clock: clock)
            let logger = Logger(label: "mrtr-tests")
            pools = UpstreamPools(limits: .init(maxConnections: 1, busyAt: 4, idle: .seconds(60)), enforcer: enforcer, logger: logger)
            let made = upstreams
            route = UpstreamRoute(server: "fake", callTimeout: .seconds(30)) {
                let upstream = FakeUpstream()
                made.all.withLock { $0.append(upstream) }
                return upstream
            }
            gateway = StatelessGateway(enforcer: enforcer, pools: pools, logger: logger)
        }

        /// A `tools/call` of `tool` with `arguments`, and `extra` params (JSON members) of a retry.
        func call(_ tool: String = "echo", id: Int, arguments: String = #"{"text":"hi"}"#, extra: String = "",
                  meta: String = StatelessUserApprovalTests.meta, grant: String = "alice") async throws -> JSONValue {
            let text = #"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"\#(tool)","arguments":\#(arguments),\#(extra)\#(meta)}}"#
            let reply = await gateway.handle(try JSONRPCMessage.parse(text), grant: grant, route: route)
            return try JSONParser.parse(String(buffer: reply.body!))
        }

        func retry(id: Int, state: String, action: String, arguments: String = #"{"text":"hi"}"#,
                   grant: String = "alice", tool: String = "echo") async throws -> JSONValue {
            let extra = #""requestState":\#(JSONWriter().string(.string(state))),"inputResponses":{"gatehouse_approval":{"action":"\#(action)","content":{"approve":true}}},"#
            return try await call(tool, id: id, arguments: arguments, extra: extra, grant: grant)
        }

        var forwardedCalls: [String] {
            upstreams.all.withLock { $0.flatMap { $0.sent.withLock { $0 } } }.filter { $0.method == "tools/call" }.map(\.text)
        }

        func rows() async throws -> [AuditEntry] {
            try await audit.flush()
            return try await stores.audit.query(AuditFilter(server: "fake", order: .oldestFirst))
        }
    }

    static func state(of reply: JSONValue) -> String? { reply["result"]?["requestState"]?.stringValue }

    @Test func theFirstCallIsAnsweredWithAQuestionAndASignedState() async throws {
        let fixture = try Fixture()
        let reply = try await fixture.call(id: 1)
        #expect(reply["result"]?["resultType"] == "input_required")
        let question = reply["result"]?["inputRequests"]?["gatehouse_approval"]
        #expect(question?["method"] == "elicitation/create")
        #expect(question?["params"]?["message"]?.stringValue?.contains("echo") == true)
        #expect(Self.state(of: reply)?.hasPrefix("gh1.") == true)
        #expect(fixture.forwardedCalls.isEmpty, "nothing reaches the upstream before the answer")
    }

    @Test func anAcceptedRetryIsForwardedWithoutTheGatewaysStateAndAuditedAsApprovedByTheUser() async throws {
        let fixture = try Fixture()
        let state = try #require(Self.state(of: try await fixture.call(id: 1)))
        let reply = try await fixture.retry(id: 2, state: state, action: "accept")
        #expect(reply["id"] == 2)
        #expect(reply["result"]?["resultType"] == "complete")
        #expect(reply["result"]?["isError"] == nil)
        let forwarded = fixture.forwardedCalls
        #expect(forwarded.count == 1)
        #expect(!(forwarded.first?.contains("requestState") ?? true) && !(forwarded.first?.contains("gatehouse_approval") ?? true))
        let calls = try await fixture.rows().filter { $0.kind == .toolCall }
        #expect(calls.last?.detail?["approvedBy"] == "user")
        #expect(calls.last?.outcome == .ok)
    }

    @Test func aDeclinedRetryIsRefusedWithTheReason() async throws {
        let fixture = try Fixture()
        let state = try #require(Self.state(of: try await fixture.call(id: 1)))
        let reply = try await fixture.retry(id: 2, state: state, action: "decline")
        #expect(reply["result"]?["isError"] == true)
        #expect(JSONWriter().string(reply).contains("the user declined the call"))
        #expect(fixture.forwardedCalls.isEmpty)
    }

    @Test func aRetryWithoutTheAnswerIsAskedAgain() async throws {
        let fixture = try Fixture()
        let state = try #require(Self.state(of: try await fixture.call(id: 1)))
        let extra = #""requestState":\#(JSONWriter().string(.string(state))),"#
        let reply = try await fixture.call(id: 2, extra: extra)
        #expect(reply["result"]?["resultType"] == "input_required")
    }

    struct BadRetry: Sendable, CustomTestStringConvertible {
        var label: String
        var arguments = #"{"text":"hi"}"#
        var grant = "alice"
        var tamper: @Sendable (String) -> String = { $0 }
        var wait: TimeInterval = 0
        var problem: String
        var testDescription: String { label }
    }

    static let badRetries: [BadRetry] = [
        BadRetry(label: "tampered", tamper: { String($0.dropLast(3)) + "AAA" }, problem: "request_state_signature"),
        BadRetry(label: "expired", wait: 61, problem: "request_state_expired"),
        BadRetry(label: "other arguments", arguments: #"{"text":"rm -rf"}"#, problem: "request_state_other_call"),
        BadRetry(label: "other grant", grant: "mallory", problem: "request_state_other_call"),
    ]

    @Test(arguments: badRetries)
    func aBadStateIsRefusedWithInvalidParamsAndAudited(_ bad: BadRetry) async throws {
        let fixture = try Fixture()
        let state = try #require(Self.state(of: try await fixture.call(id: 1)))
        fixture.clock.advance(by: bad.wait)
        let reply = try await fixture.retry(id: 2, state: bad.tamper(state), action: "accept", arguments: bad.arguments, grant: bad.grant)
        #expect(reply["error"]?["code"] == -32602)
        #expect(reply["error"]?["data"]?["problem"] == .string(bad.problem))
        #expect(fixture.forwardedCalls.isEmpty)
        let refused = try await fixture.rows().filter { $0.kind == .messageRefused }
        #expect(refused.map { $0.detail?["problem"] } == [.string(bad.problem)])
    }

    @Test func anUpstreamsOwnStateOnAnotherToolPassesThrough() async throws {
        let fixture = try Fixture()
        let reply = try await fixture.call("other", id: 1, extra: #""requestState":"upstream-blob","inputResponses":{"x":{"action":"accept"}},"#)
        #expect(reply["result"]?["resultType"] == "complete")
        #expect(fixture.forwardedCalls.first?.contains("upstream-blob") == true)
    }

    @Test func anUpstreamsOwnQuestionPassesUntouchedAndItsRetryIsDecidedAgain() async throws {
        let fixture = try Fixture()
        let asked = try await fixture.call("mrtr", id: 1)
        #expect(asked["result"]?["resultType"] == "input_required")
        #expect(asked["result"]?["requestState"] == "upstream-state-1")
        #expect(asked["result"]?["inputRequests"]?["city"]?["params"]?["message"] == "Which city?")
        let answers = #""requestState":"upstream-state-1","inputResponses":{"city":{"action":"accept","content":{"name":"Oslo"}}},"#
        _ = try await fixture.call("mrtr", id: 2, extra: answers)
        #expect(fixture.forwardedCalls.last?.contains(#""requestState":"upstream-state-1""#) == true)
        #expect(fixture.forwardedCalls.last?.contains("Oslo") == true)
        let refused = try await fixture.call("closed", id: 3, extra: answers)
        #expect(refused["result"]?["isError"] == true, "a retry is a call like any other: the policy decides it")
        #expect(fixture.forwardedCalls.count == 2)
    }

    @Test func aClientWithoutElicitationFallsBackToTheQueue() async throws {
        let fixture = try Fixture()
        let noElicitation = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#
        let store = try #require(fixture.stores.approvals as? SQLiteApprovalStore)
        async let reply = fixture.call(id: 1, meta: noElicitation)
        let queued = try #require(await store.signal.nextWait())  // the desk waits on the queued request
        _ = try await store.decide(id: queued, verdict: .approve, by: "ops", note: nil, at: Date())
        #expect(try await reply["result"]?["resultType"] == "complete")
    }
}
