import Foundation
import JSON
import Logging
import NIOCore
import Policy
import Store
import Synchronization
import TestSupport
import Upstream

@testable import Gateway

/// An upstream in memory that a test drives: it answers `initialize` and every `tools/call` but
/// `slow` itself, tells the test about everything the gateway sends, and sends or dies when
/// the test says so.
final class ScriptedUpstream: UpstreamConnection {
    let serverName = "scripted"
    let events: AsyncStream<UpstreamEvent>
    private let continuation: AsyncStream<UpstreamEvent>.Continuation
    /// What the gateway sent, in order, as parsed messages.
    let sent: AsyncStream<JSONRPCMessage>
    private let sentContinuation: AsyncStream<JSONRPCMessage>.Continuation
    let closedByGateway = Mutex(false)
    /// The methods of everything the gateway sent (nil for responses), in order.
    let methods = Mutex<[String?]>([])

    init() {
        (events, continuation) = AsyncStream.makeStream(of: UpstreamEvent.self, bufferingPolicy: .unbounded)
        (sent, sentContinuation) = AsyncStream.makeStream(of: JSONRPCMessage.self, bufferingPolicy: .unbounded)
    }

    func send(_ message: ByteBuffer) async throws(UpstreamError) {
        guard let parsed = try? JSONRPCMessage.parse(message) else { return }
        methods.withLock { $0.append(parsed.method) }
        sentContinuation.yield(parsed)
        guard parsed.kind == .request, let id = parsed.id else { return }
        switch (parsed.method, parsed.paramsString("name")) {
        case ("initialize", _):
            emit(GatewayMessages.result(id: id, json: #"{"protocolVersion":"2025-11-25","capabilities":{"tools":{}},"serverInfo":{"name":"scripted","version":"1"}}"#))
        case ("tools/call", let name) where name != "slow":
            emit(GatewayMessages.result(id: id, json: #"{"content":[{"type":"text","text":"echoed"}]}"#))
        default:
            break
        }
    }

    /// Sends a message to the gateway, as if the server had written it.
    func emit(_ bytes: ByteBuffer, related: String? = nil) {
        continuation.yield(.message(UpstreamMessage(bytes: bytes, relatedRequestID: related)))
    }

    func emit(_ text: String, related: String? = nil) {
        emit(ByteBuffer(string: text), related: related)
    }

    /// The server process dies.
    func crash() {
        continuation.yield(.closed(UpstreamClosure(server: serverName, cause: .exited(status: 1))))
        continuation.finish()
    }

    func close() async {
        closedByGateway.withLock { $0 = true }
        continuation.yield(.closed(UpstreamClosure(server: serverName, cause: .closedByGatehouse)))
        continuation.finish()
        sentContinuation.finish()
    }

    /// The next message the gateway sends with `method` (others before it are skipped).
    func next(_ method: String) async -> JSONRPCMessage? {
        for await message in sent where message.method == method { return message }
        return nil
    }
}

/// A session over scripted upstreams, with a policy, a real audit log and a manual clock.
final class SessionFixture: Sendable {
    static let policy = #"""
        {"version": "1", "default": "deny", "tools": {"echo": {}, "slow": {}, "held": {"action": "require_approval"}}}
        """#

    let session: GatewaySession
    let registry: SessionRegistry
    let clock = ManualClock()
    /// Every upstream the session opened, in order.
    let upstreams = Box<[ScriptedUpstream]>([])
    let made: AsyncStream<ScriptedUpstream>
    let audit: AuditLog
    let stores: StateStores

    /// `connect`: the upstream to open instead of a ``ScriptedUpstream`` (a real process).
    init(approvals: any ApprovalGate = UnavailableApprovals(), limits: SessionRegistry.Limits = .init(), callTimeout: Duration = .seconds(30),
         connect: (@Sendable () async throws -> any UpstreamConnection)? = nil) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-session-\(UUID().uuidString)").path
        stores = try StateStores.open(.sqlite(directory: directory))
        audit = AuditLog(store: stores.audit)
        let policy = try CompiledPolicy(text: Self.policy)
        let enforcer = Enforcer(policy: { _ in policy }, counters: stores.counters, audit: audit, admissions: stores.admissions,
                                approvals: approvals)
        let (made, announce) = AsyncStream.makeStream(of: ScriptedUpstream.self, bufferingPolicy: .unbounded)
        self.made = made
        let upstreams = self.upstreams
        let route = UpstreamRoute(server: "scripted", callTimeout: callTimeout, startupTimeout: .seconds(60)) {
            if let connect { return try await connect() }
            let upstream = ScriptedUpstream()
            upstreams.withLock { $0.append(upstream) }
            announce.yield(upstream)
            return upstream
        }
        registry = SessionRegistry(limits: limits, enforcer: enforcer, logger: Logger(label: "session-tests"), clock: SessionClock(clock))
        session = try registry.open(grant: "alice", route: route)
    }

    var sessionClock: SessionClock { registry.clock }

    /// A session past `initialize`, and the upstream that answered it.
    static func initialized(approvals: any ApprovalGate = UnavailableApprovals(), limits: SessionRegistry.Limits = .init(),
                            callTimeout: Duration = .seconds(30)) async throws -> (SessionFixture, ScriptedUpstream) {
        let fixture = try SessionFixture(approvals: approvals, limits: limits, callTimeout: callTimeout)
        try await fixture.initialize()
        guard let upstream = fixture.upstreams.withLock({ $0.first }) else { throw SessionError.notInitialized }
        return (fixture, upstream)
    }

    /// The parts of a reply until its response (or its end).
    static func parts(_ reply: AgentReply) async -> [ReplyPart] {
        guard case .stream(let stream) = reply else { return [] }
        var parts: [ReplyPart] = []
        for await part in stream { parts.append(part) }
        return parts
    }

    /// Sends one message from the agent.
    func receive(_ text: String, acceptsInterim: Bool = true) async throws -> AgentReply {
        await session.receive(try JSONRPCMessage.parse(text), acceptsInterim: acceptsInterim)
    }

    /// `initialize` and `notifications/initialized`, answered by the first upstream.
    func initialize(elicitation: Bool = false) async throws {
        let capabilities = elicitation ? #"{"elicitation":{}}"# : "{}"
        let reply = try await receive(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":\#(capabilities),"clientInfo":{"name":"t","version":"1"}}}"#)
        _ = await Self.parts(reply)
        _ = try await receive(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
    }

    static func call(_ tool: String, id: Int, progressToken: String? = nil) -> String {
        let meta = progressToken.map { #","_meta":{"progressToken":"\#($0)"}"# } ?? ""
        return #"{"jsonrpc":"2.0","id":\#(id),"method":"tools/call","params":{"name":"\#(tool)","arguments":{}\#(meta)}}"#
    }
}

extension ReplyPart {
    /// The part's message as JSON (nil for a keep-alive).
    var json: JSONValue? {
        switch self {
        case .interim(let bytes), .response(let bytes): return try? JSONParser.parse(String(buffer: bytes))
        case .keepAlive: return nil
        }
    }

    var isKeepAlive: Bool {
        if case .keepAlive = self { return true }
        return false
    }
}

/// A value behind a lock, shared by reference (a test and the closures it hands out).
final class Box<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) {
        self.value = Mutex(value)
    }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        value.withLock { body(&$0) }
    }
}
