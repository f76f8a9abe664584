import Foundation
import JSON
import Logging
import NIOCore
import Policy
import Synchronization
import Upstream

/// One agent's MCP session through the gateway, and its upstream connection.
///
/// The upstream starts with the agent's `initialize` and is kept for the session; if it dies,
/// the requests in flight get an error at once and the next request starts a fresh one,
/// replaying the agent's `initialize` and `notifications/initialized`. Messages are forwarded as
/// bytes: only `tools/call` is decided (``Enforcer``) and only `tools/list` results are changed
/// (hidden and denied tools removed). Everything else — resources, prompts, progress,
/// cancellation, sampling, elicitation, roots — passes through both ways.
///
/// The jobs live in one file each: this one takes the agent's messages; `+Holds` keeps calls
/// waiting for approval; `+UpstreamMessages` routes what the upstream sends; `+Lifecycle` ends
/// requests, times them out and closes the session. The agent-side state is a ``SessionState``
/// behind one lock, touched in short synchronous steps (nothing awaits while holding it); the
/// connection is an ``UpstreamLinkManager``. Upstream events are read by one task per connection.
public final class GatewaySession: Sendable {
    /// The `Mcp-Session-Id`: random, never derived from the grant.
    public let id: String
    /// The grant's name: the key of `grant`-scoped counters and the audit rows' `grant`.
    public let grant: String
    public let route: UpstreamRoute
    let enforcer: Enforcer
    let logger: Logger
    let clock: SessionClock
    let state: Mutex<SessionState>
    let upstream: UpstreamLinkManager

    /// Messages kept for the standalone stream while the agent is not listening.
    static let standaloneCapacity = 256
    /// A request still waiting this long gets its first keep-alive (its reply becomes a stream)...
    static let firstKeepAlive = Duration.seconds(1)
    /// ...and another this often after that.
    static let keepAliveInterval = Duration.seconds(2)

    public init(id: String, grant: String, route: UpstreamRoute, enforcer: Enforcer, logger: Logger, clock: SessionClock = .continuous) {
        self.id = id
        self.grant = grant
        self.route = route
        self.enforcer = enforcer
        var logger = logger
        logger[metadataKey: "session"] = "\(id.prefix(16))"
        logger[metadataKey: "server"] = "\(route.server)"
        self.logger = logger
        self.clock = clock
        state = Mutex(SessionState(now: clock.now(), standaloneCapacity: Self.standaloneCapacity))
        upstream = UpstreamLinkManager(route: route, now: clock.now)
    }

    /// A fresh, unguessable session id: the replica's name, a dot, 128 random bits in hex.
    public static func newID(replica: ReplicaID) -> String {
        var generator = SystemRandomNumberGenerator()
        return replica.name + "." + (0..<2).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    public var server: String { route.server }

    // MARK: - From the agent

    /// Handles one message from the agent. A request's reply is a stream of parts ending with
    /// its response; `acceptsInterim` is false when the agent can only take one JSON reply
    /// (then related messages go to the standalone stream instead).
    public func receive(_ message: JSONRPCMessage, acceptsInterim: Bool = true) async -> AgentReply {
        touch()
        switch message.kind {
        case .request:
            return await request(message, acceptsInterim: acceptsInterim)
        case .notification:
            await notification(message)
            return .accepted
        case .response, .errorResponse:
            if answersElicitation(message) { return .accepted }
            await forward(message.bytes, what: "a response to the server's request")
            return .accepted
        }
    }

    /// Logs and audits a message from the agent that was refused before it reached the session
    /// (``JSONRPCEnvelopeRules``): the stdio front's lines.
    public func refused(_ problem: JSONRPCEnvelopeProblem, method: String?) async {
        logger.warning("refused a message from the agent: \(problem)")
        await enforcer.recordRefusedMessage(problem, method: method, from: .agent, server: route.server, grant: grant, session: id)
    }

    private func request(_ message: JSONRPCMessage, acceptsInterim: Bool) async -> AgentReply {
        guard let id = message.id, let method = message.method else {
            return .immediate(GatewayMessages.error(id: message.id, code: JSONRPCErrorCode.invalidRequest, message: "Invalid Request"))
        }
        if method == "initialize" {
            let canElicit = message.decodedParams()?["capabilities"]?["elicitation"].map { !$0.isNull } ?? false
            state.withLock {
                $0.initializeParams = message.paramsText ?? "{}"
                $0.agentCanElicit = canElicit
            }
        }
        var admitted: AdmittedCall?
        if method == "tools/call" {
            guard let call = ToolCall(message, grant: grant, session: self.id) else {
                return .immediate(GatewayMessages.error(
                    id: id, code: JSONRPCErrorCode.invalidParams,
                    message: "Invalid params: tools/call needs params.name (a string) and, if present, params.arguments (an object)"))
            }
            if enforcer.holdsForApproval(call, server: route.server) {
                return hold(message, id: id, call: call, acceptsInterim: acceptsInterim)
            }
            switch await enforcer.admit(call, server: route.server) {
            case .refuse(let refusal):
                return .immediate(GatewayMessages.refusal(id: id, refusal: refusal))
            case .forward(let call):
                admitted = call
            }
        }
        let (stream, output) = AsyncStream.makeStream(of: ReplyPart.self, bufferingPolicy: .unbounded)
        await send(message, id: id, method: method, admitted: admitted, output: output, acceptsInterim: acceptsInterim)
        return .stream(stream)
    }

    /// Forwards a request upstream; its answer — or an error — arrives on `output`.
    func send(_ message: JSONRPCMessage, id: RequestID, method: String, admitted: AdmittedCall?,
              output: AsyncStream<ReplyPart>.Continuation, acceptsInterim: Bool) async {
        let link: UpstreamLink
        do {
            link = try await connection(for: method)
        } catch {
            if let admitted { await enforcer.finish(admitted, end: .notSent(error.description)) }
            output.yield(.response(GatewayMessages.error(id: id, code: error.code, message: error.description)))
            output.finish()
            return
        }
        let now = clock.now()
        let registered = state.withLock { state -> Result<Void, SessionError> in
            if let refusal = state.refusal(of: id) { return .failure(refusal) }
            state.register(PendingRequest(
                id: id, method: method, output: output, acceptsInterim: acceptsInterim, generation: link.generation,
                sequence: state.nextSequence(), deadline: now + route.timeout(for: method), progressToken: message.progressToken,
                nextKeepAlive: now + Self.firstKeepAlive, call: admitted,
                continuesListing: method == "tools/list" && message.paramsString("cursor") != nil))
            return .success(())
        }
        if case .failure(let problem) = registered {
            if let admitted { await enforcer.finish(admitted, end: .notSent(problem.description)) }
            output.yield(.response(GatewayMessages.error(id: id, code: problem.code, message: problem.description)))
            output.finish()
            return
        }
        upstream.used()
        output.onTermination = { [weak self] termination in
            guard case .cancelled = termination, let self else { return }
            Task { await self.abandon(id, reason: "the agent stopped waiting for the answer") }
        }
        do {
            try await link.connection.send(message.bytes)
        } catch {
            await fail(id, code: JSONRPCErrorCode.internalError, message: error.description, end: .notSent(error.description))
        }
    }

    private func notification(_ message: JSONRPCMessage) async {
        switch message.method {
        case "notifications/initialized":
            state.withLock { $0.agentInitialized = true }
        case "notifications/cancelled":
            if let cancelled = message.cancelledRequestID, withdraw(cancelled, reason: "the agent cancelled the call") {
                return
            }
            if let cancelled = message.cancelledRequestID, let pending = take(cancelled) {
                pending.output.finish()
                if let call = pending.call { await enforcer.finish(call, end: .cancelled) }
            }
        default:
            break
        }
        await forward(message.bytes, what: message.method ?? "a notification")
    }

    /// Sends a message upstream if a connection is up; otherwise there is nobody to tell.
    func forward(_ bytes: ByteBuffer, what: String) async {
        guard let link = upstream.current else {
            logger.debug("no upstream connection: dropped \(what)")
            return
        }
        do {
            try await link.connection.send(bytes)
        } catch {
            logger.notice("could not forward \(what): \(error)")
        }
    }

    /// Opens the standalone stream (the HTTP GET stream); nil when one is already open.
    public func openStandaloneStream() -> AsyncStream<ByteBuffer>? {
        touch()
        return state.withLock { state -> AsyncStream<ByteBuffer>? in
            guard !state.closed, let (stream, listener) = state.standalone.open() else { return nil }
            return Self.detaching(stream, listener: listener, from: self)
        }
    }

    /// Wraps the standalone stream so that the session forgets its listener when the consumer ends.
    private static func detaching(_ stream: AsyncStream<ByteBuffer>, listener: Int, from session: GatewaySession) -> AsyncStream<ByteBuffer> {
        AsyncStream { continuation in
            let task = Task {
                for await message in stream { continuation.yield(message) }
                continuation.finish()
            }
            continuation.onTermination = { [weak session] _ in
                task.cancel()
                session?.state.withLock { $0.standalone.detach(listener) }
            }
        }
    }

    // MARK: - The upstream connection

    /// The live connection; opens one (replaying `initialize` unless this is it) when needed.
    private func connection(for method: String) async throws(SessionError) -> UpstreamLink {
        let replay = method != "initialize"
        // Read before asking the manager, so no lock is taken inside its own.
        let initialized = state.withLock { $0.initializeParams != nil }
        return try await upstream.link { () -> UpstreamLinkManager.Opening in
            if replay && !initialized { return .refused(.notInitialized) }
            return .open { [weak self] link in
                guard let self else { throw SessionError.closed }
                Task { await self.read(link) }
                if replay { try await self.replayInitialize(on: link) }
            }
        }
    }

    /// Brings a fresh upstream to where the old one was: the agent's `initialize`, then
    /// `notifications/initialized` if the agent had sent it.
    private func replayInitialize(on link: UpstreamLink) async throws(SessionError) {
        let (params, initialized) = state.withLock { ($0.initializeParams ?? "{}", $0.agentInitialized) }
        let answer = try await upstream.request("initialize", paramsJSON: params, on: link)
        guard answer.kind == .response else {
            throw .upstreamUnavailable(server: route.server,
                                       reason: "it refused the replayed initialize (\(answer.errorSummary ?? "error"))")
        }
        if initialized {
            do {
                try await link.connection.send(GatewayMessages.notification(method: "notifications/initialized"))
            } catch {
                throw .upstreamUnavailable(server: route.server, reason: "\(error)")
            }
        }
        enforcer.metrics.upstreamRestarted(server: route.server)
        logger.notice("upstream restarted for the session (initialize replayed)")
    }
}
