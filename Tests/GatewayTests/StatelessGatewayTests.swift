import Foundation
import JSON
import Logging
import NIOCore
import Policy
import Store
import Synchronization
import Testing
import Upstream

@testable import Gateway

/// The sessionless request path in process, over fake upstream connections: the pool
/// initializes each connection once, shares it, replaces a crashed one and reaps idle ones;
/// every call is decided and audited as in a session.
@Suite struct StatelessGatewayTests {
    static let policy = #"{"version": "1", "default": "deny", "tools": {"echo": {}, "boom": {}, "progress": {}, "asks": {}, "changes": {}, "hold": {}, "secret": {"action": "deny", "reason": "not for agents"}}}"#
    static let modernMeta = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#

    struct Fixture {
        let gateway: StatelessGateway
        let pools: UpstreamPools
        let route: UpstreamRoute
        let upstreams: FakeUpstream.Made
        let audit: AuditLog
        let stores: StateStores

        /// `relates`: whether the fake upstreams tell which request a message belongs to (HTTP) or not (stdio).
        init(scope: UpstreamScope = .shared, relates: Bool = true) throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-stateless-\(UUID().uuidString)").path
            stores = try StateStores.open(.sqlite(directory: directory))
            audit = AuditLog(store: stores.audit)
            let policy = try CompiledPolicy(text: StatelessGatewayTests.policy)
            let enforcer = Enforcer(policy: { _ in policy }, counters: stores.counters, audit: audit, admissions: stores.admissions)
            let logger = Logger(label: "stateless-tests")
            pools = UpstreamPools(limits: .init(maxConnections: 2, busyAt: 4, idle: .seconds(60)), enforcer: enforcer, logger: logger)
            let made = FakeUpstream.Made()
            upstreams = made
            route = UpstreamRoute(server: "fake", callTimeout: .seconds(30), upstreamScope: scope) {
                let upstream = FakeUpstream(relates: relates)
                made.all.withLock { $0.append(upstream) }
                return upstream
            }
            gateway = StatelessGateway(enforcer: enforcer, pools: pools, logger: logger)
        }

        func send(_ text: String, grant: String = "alice") async throws -> (StatelessGateway.Status, JSONValue) {
            let reply = await gateway.handle(try JSONRPCMessage.parse(text), grant: grant, route: route)
            return (reply.status, try reply.body.map { try JSONParser.parse(String(buffer: $0)) } ?? .null)
        }

        func call(_ tool: String, id: Int, grant: String = "alice") async throws -> (StatelessGateway.Status, JSONValue) {
            try await send(#"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"\#(tool)","arguments":{},\#(StatelessGatewayTests.modernMeta)}}"#,
                           grant: grant)
        }
    }

    @Test func oneInitializedConnectionServesManyRequestsUnderIdsOfItsOwn() async throws {
        let fixture = try Fixture()
        let (status, first) = try await fixture.call("echo", id: 1)
        let (_, second) = try await fixture.call("echo", id: 2)
        #expect(status == .ok)
        #expect(first["id"] == 1 && second["id"] == 2)
        #expect(first["result"]?["resultType"] == "complete")
        let upstreams = fixture.upstreams.all.withLock { $0 }
        #expect(upstreams.count == 1)
        let sent = upstreams[0].sent.withLock { $0 }
        #expect(sent.map(\.method) == ["initialize", "notifications/initialized", "tools/call", "tools/call"])
        #expect(sent.compactMap(\.id).allSatisfy { $0.hasPrefix("\"gatehouse-pool-1-") }, "agents' ids never reach the shared connection")
        #expect(!sent[2].text.contains("io.modelcontextprotocol/"), "the older upstream gets no sessionless envelope")
        await fixture.pools.closeAll()
    }

    @Test(arguments: [(UpstreamScope.shared, 1), (.grant, 2)])
    func twoGrantsShareAnUpstreamOnlyUnderTheSharedScope(scope: UpstreamScope, upstreams: Int) async throws {
        let fixture = try Fixture(scope: scope)
        for (id, grant) in ["alice", "bob", "alice", "bob"].enumerated() {
            #expect(try await fixture.call("echo", id: id, grant: grant).1["result"]?["resultType"] == "complete")
        }
        let made = fixture.upstreams.all.withLock { $0 }
        #expect(made.count == upstreams)
        for upstream in made {
            #expect(upstream.sent.withLock { $0 }.filter { $0.method == "tools/call" }.count == 4 / upstreams)
        }
        await fixture.pools.closeAll()
    }

    @Test func aRefusedCallNeverReachesTheUpstreamAndIsAudited() async throws {
        let fixture = try Fixture()
        let (status, reply) = try await fixture.call("secret", id: 5)
        #expect(status == .ok)
        #expect(reply["result"]?["isError"] == true)
        #expect(reply["result"]?["resultType"] == "complete")
        #expect(fixture.upstreams.all.withLock { $0 }.isEmpty, "nothing was started for a refused call")
        try await fixture.audit.flush()
        let rows = try await fixture.stores.audit.query(AuditFilter(server: "fake"))
        #expect(rows.map(\.decision) == ["deny"])
        #expect(rows.first?.session == StatelessGateway.sessionKey(grant: "alice"))
    }

    @Test func aCrashedConnectionIsReplacedByTheNextRequest() async throws {
        let fixture = try Fixture()
        let (_, crashed) = try await fixture.call("boom", id: 1)
        #expect(crashed["error"]?["code"] == .int(Int64(JSONRPCErrorCode.internalError)))
        let (_, next) = try await fixture.call("echo", id: 2)
        #expect(next["result"]?["resultType"] == "complete")
        #expect(fixture.upstreams.all.withLock { $0.count } == 2, "a fresh connection took the dead one's place")
        try await fixture.audit.flush()
        let rows = try await fixture.stores.audit.query(AuditFilter(server: "fake", order: .oldestFirst))
        #expect(rows.filter { $0.kind == .toolCall }.map(\.outcome) == [.failed, .ok], "the crashed call was settled as lost")
        await fixture.pools.closeAll()
    }

    @Test func idleConnectionsAreReaped() async throws {
        let fixture = try Fixture()
        _ = try await fixture.call("echo", id: 1)
        let pool = fixture.pools.pool(for: fixture.route, grant: "alice")
        #expect(pool.count == 1)
        await fixture.pools.sweep(now: .now + .seconds(61))
        #expect(pool.count == 0)
        #expect(fixture.upstreams.all.withLock { $0[0].closedByGateway.withLock { $0 } })
    }

    @Test func mcpParamHeadersAreLearntFromTheListingCheckedAndMirroredUpstream() async throws {
        let fixture = try Fixture()
        let call = try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"region":"us-west1"},\#(Self.modernMeta)}}"#)
        #expect(fixture.gateway.paramHeaderProblem(call, sent: .none, grant: "alice", route: fixture.route) == nil,
                "before any listing the gateway knows no annotation (it does not guess)")
        let (_, listed) = try await fixture.send(#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{\#(Self.modernMeta)}}"#)
        #expect(listed["result"]?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["echo"],
                "a tool whose x-mcp-header annotates a number is invalid and left out")
        #expect(fixture.gateway.paramHeaderProblem(call, sent: Self.params(["Mcp-Param-Region": "us-west1"]), grant: "alice", route: fixture.route) == nil)
        let missing = fixture.gateway.paramHeaderProblem(call, sent: .none, grant: "alice", route: fixture.route)
        #expect(missing?.code == JSONRPCErrorCode.headerMismatch)
        #expect(fixture.gateway.paramHeaderProblem(call, sent: Self.params(["Mcp-Param-Region": "eu-west1"]), grant: "alice", route: fixture.route) != nil)
        let pool = fixture.pools.pool(for: fixture.route, grant: "alice")
        #expect(fixture.gateway.outgoingParamHeaders(call, method: "tools/call", pool: pool) == ["Mcp-Param-Region": "us-west1"])
        await fixture.pools.closeAll()
    }

    static func params(_ headers: KeyValuePairs<String, String>) -> AgentParamHeaders {
        AgentParamHeaders(headers.map { (name: $0.key, value: $0.value) })
    }

    @Test func unrecognisedMcpParamHeadersGoWithTheRequestToAnUpstreamThatTakesHeadersOnly() async throws {
        let fixture = try Fixture()
        let pool = fixture.pools.pool(for: fixture.route, grant: "alice")
        let call = try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"region":"us-west1"},\#(Self.modernMeta)}}"#)
        let agent = Self.params(["Mcp-Param-Region": "us-west1", "Mcp-Param-Tenant": "t-7", "mcp-param-tenant": "t-8"])
        let fake = FakeUpstream()
        let upstream = PooledUpstream(connection: fake, server: "fake", number: 9, logger: Logger(label: "stateless-tests"))
        Task { _ = await upstream.run() }
        #expect(await fixture.gateway.outgoingParamHeaders(call, method: "tools/call", pool: pool, upstream: upstream,
                                                           route: fixture.route, forwarding: agent) == [:],
                "an initialized (older or stdio) upstream has no header to carry them")
        upstream.speaksSessionless = true
        let headers = await fixture.gateway.outgoingParamHeaders(call, method: "tools/call", pool: pool, upstream: upstream,
                                                                 route: fixture.route, forwarding: agent)
        #expect(headers == ["Mcp-Param-Region": "us-west1", "Mcp-Param-Tenant": "t-7, t-8"],
                "the tool's own header is the gateway's, mirrored from the body; the others as the agent sent them")
        _ = await upstream.request(method: "tools/call", params: call.paramsWithoutEnvelope, timeout: .seconds(5), paramHeaders: headers)
        let sent = fake.sent.withLock { $0 }
        #expect(sent.map(\.method) == ["tools/list", "tools/call"], "the pool listed the tools first, to know which headers are the tool's")
        #expect(sent.last?.metadata?.params == headers)
        let read = try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","id":3,"method":"resources/read","params":{"uri":"file:///a",\#(Self.modernMeta)}}"#)
        #expect(await fixture.gateway.outgoingParamHeaders(read, method: "resources/read", pool: pool, upstream: upstream,
                                                           route: fixture.route, forwarding: agent)
                == ["Mcp-Param-Region": "us-west1", "Mcp-Param-Tenant": "t-7, t-8"], "no tool, no recognised header: all are forwarded")
        await upstream.close()
        await fixture.pools.closeAll()
    }

    @Test func discoverAndUnknownMethods() async throws {
        let fixture = try Fixture()
        let (status, discover) = try await fixture.send(#"{"jsonrpc":"2.0","id":"d","method":"server/discover","params":{\#(Self.modernMeta)}}"#)
        #expect(status == .ok)
        #expect(discover["result"]?["supportedVersions"]?[0] == "2026-07-28")
        #expect(discover["result"]?["_meta"]?["io.modelcontextprotocol/serverInfo"]?["name"] == "fake-upstream")
        #expect(discover["result"]?["cacheScope"] == "public")
        let (unknown, reply) = try await fixture.send(#"{"jsonrpc":"2.0","id":3,"method":"ping","params":{\#(Self.modernMeta)}}"#)
        #expect(unknown == .notFound)
        #expect(reply["error"]?["code"] == -32601)
        await fixture.pools.closeAll()
    }
}

/// An upstream connection in memory: answers `initialize` and `tools/call` of `echo`, asks a
/// question of its own (`input_required`) on a call of `mrtr`, and dies (exit status 1) on a call of `boom`.
/// Before answering a call of `progress` it reports progress and logs; of `asks`, it sends
/// requests of its own; of `changes`, it announces changed lists and an updated resource.
final class FakeUpstream: UpstreamConnection {
    struct Sent: Sendable {
        var text: String
        var method: String?
        var id: String?
        /// What a 2026-07-28 request carried beside its body (nil: sent plainly).
        var metadata: RequestMetadata?
    }

    /// Every connection a route made, in order.
    final class Made: Sendable {
        let all = Mutex<[FakeUpstream]>([])
    }

    let serverName = "fake"
    let events: AsyncStream<UpstreamEvent>
    private let continuation: AsyncStream<UpstreamEvent>.Continuation
    let sent = Mutex<[Sent]>([])
    let closedByGateway = Mutex(false)
    /// The URIs of `resources/subscribe` requests, as they arrive.
    let subscribed = AsyncStream.makeStream(of: String.self)
    /// The URIs of `resources/unsubscribe` requests, as they arrive.
    let unsubscribed = AsyncStream.makeStream(of: String.self)

    /// The ids of `hold` calls, which get no answer until ``release(_:)``.
    let holding = AsyncStream.makeStream(of: RequestID.self)
    let relatesMessagesToRequests: Bool

    /// `relates`: whether it imitates a transport that tells which request a message belongs to (HTTP).
    init(relates: Bool = true) {
        relatesMessagesToRequests = relates
        (events, continuation) = AsyncStream.makeStream(of: UpstreamEvent.self, bufferingPolicy: .unbounded)
    }

    /// Answers a held call.
    func release(_ id: RequestID) {
        reply(id, #"{"content":[{"type":"text","text":"released"}]}"#)
    }

    func send(_ message: ByteBuffer) async throws(UpstreamError) {
        try await send(message, metadata: nil)
    }

    func send(_ message: ByteBuffer, metadata: RequestMetadata) async throws(UpstreamError) {
        try await send(message, metadata: Optional(metadata))
    }

    private func send(_ message: ByteBuffer, metadata: RequestMetadata?) async throws(UpstreamError) {
        guard let parsed = try? JSONRPCMessage.parse(message) else { return }
        sent.withLock { $0.append(Sent(text: String(buffer: message), method: parsed.method, id: parsed.id?.json, metadata: metadata)) }
        guard parsed.kind == .request, let id = parsed.id else { return }
        switch (parsed.method, parsed.paramsString("name")) {
        case ("initialize", _):
            reply(id, #"{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"fake-upstream","version":"1"}}"#)
        case ("tools/call", "mrtr"?):
            reply(id, #"{"resultType":"input_required","inputRequests":{"city":{"method":"elicitation/create","params":{"message":"Which city?","requestedSchema":{"type":"object","properties":{}}}}},"requestState":"upstream-state-1"}"#)
        case ("tools/list", _):
            reply(id, #"{"tools":[{"name":"echo","inputSchema":{"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"}}}},{"name":"progress","inputSchema":{"type":"object","properties":{"r":{"type":"number","x-mcp-header":"R"}}}}]}"#)
        case ("resources/subscribe", _):
            subscribed.continuation.yield(parsed.paramsString("uri") ?? "")
            reply(id, "{}")
        case ("resources/unsubscribe", _):
            unsubscribed.continuation.yield(parsed.paramsString("uri") ?? "")
            reply(id, "{}")
        case ("tools/call", "progress"?):
            let token = parsed.progressToken?.json ?? "null"
            notify(#"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":\#(token),"progress":1,"total":2,"injected":"x"}}"#)
            notify(#"{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"unrelated"}}"#)
            notify(#"{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"halfway","extra":1}}"#, related: id)
            notify(#"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"someone-else","progress":1}}"#)
            notify(#"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":\#(token),"progress":2,"total":2,"message":"done"}}"#)
            reply(id, #"{"content":[{"type":"text","text":"ok"}]}"#)
        case ("tools/call", "asks"?):
            for (number, method) in ["elicitation/create", "sampling/createMessage", "roots/list", "ping", "custom/thing"].enumerated() {
                notify(#"{"jsonrpc":"2.0","id":"up-\#(number)","method":"\#(method)","params":{}}"#)
            }
            reply(id, #"{"content":[{"type":"text","text":"ok"}]}"#)
        case ("tools/call", "changes"?):
            for method in ["tools/list_changed", "prompts/list_changed", "resources/list_changed"] {
                notify(#"{"jsonrpc":"2.0","method":"notifications/\#(method)","params":{"hidden-tool":"secret"}}"#)
            }
            notify(#"{"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"file:///a","title":"injected"}}"#)
            notify(#"{"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"file:///b"}}"#)
            reply(id, #"{"content":[{"type":"text","text":"ok"}]}"#)
        case ("tools/call", "hold"?):
            holding.continuation.yield(id)
        case ("tools/call", "boom"?):
            continuation.yield(.closed(UpstreamClosure(server: serverName, cause: .exited(status: 1))))
            continuation.finish()
        default:
            reply(id, #"{"content":[{"type":"text","text":"ok"}]}"#)
        }
    }

    /// Sends a message of the upstream's own; `related`: the request whose response stream carries it (HTTP).
    private func notify(_ text: String, related: RequestID? = nil) {
        continuation.yield(.message(UpstreamMessage(bytes: ByteBuffer(string: text), relatedRequestID: related?.json)))
    }

    private func reply(_ id: RequestID, _ result: String) {
        continuation.yield(.message(UpstreamMessage(bytes: GatewayMessages.result(id: id, json: result))))
    }

    func close() async {
        closedByGateway.withLock { $0 = true }
        continuation.yield(.closed(UpstreamClosure(server: serverName, cause: .closedByGatehouse)))
        continuation.finish()
    }
}
