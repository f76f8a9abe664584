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
/// State lives behind one lock and is touched in short synchronous steps; nothing awaits while
/// holding it. Upstream events are read by one task per connection.
public final class GatewaySession: Sendable {
    /// The `Mcp-Session-Id`: random, never derived from the grant.
    public let id: String
    /// The grant's name: the key of `grant`-scoped counters and the audit rows' `grant`.
    public let grant: String
    public let route: UpstreamRoute
    let enforcer: Enforcer
    let logger: Logger
    private let state: Mutex<State>

    /// Messages kept for the standalone stream while the agent is not listening.
    static let standaloneCapacity = 256
    /// A request still waiting this long gets its first keep-alive (its reply becomes a stream)...
    static let firstKeepAlive = Duration.seconds(1)
    /// ...and another this often after that.
    static let keepAliveInterval = Duration.seconds(2)

    private struct State {
        var link: UpstreamLink?
        var connecting: Task<UpstreamLink, any Error>?
        var generation = 0
        /// The agent's `initialize` params, replayed when the upstream is restarted.
        var initializeParams: String?
        var agentInitialized = false
        /// The agent declared the elicitation capability: an `approver: user` call is asked there.
        var agentCanElicit = false
        var pending: [RequestID: PendingRequest] = [:]
        /// Calls waiting for a person's approval (not yet forwarded).
        var held: [RequestID: HeldRequest] = [:]
        /// Tools of a paginated `tools/list` seen so far: pinning compares complete listings only.
        var listedPages: [JSONValue] = []
        /// The gateway's own `elicitation/create` requests to the agent, by id.
        var elicitations: [RequestID: CheckedContinuation<ElicitationAnswer, Never>] = [:]
        var progressOwners: [RequestID: RequestID] = [:]
        var own: [RequestID: OwnRequest] = [:]
        var ownCounter = 0
        var sequence = 0
        var standalone = StandaloneStream(capacity: GatewaySession.standaloneCapacity)
        var lastActivity: ContinuousClock.Instant
        var lastUpstreamUse: ContinuousClock.Instant
        var closed = false
    }

    /// A request the gateway sent upstream itself (a replayed `initialize`).
    private struct OwnRequest {
        var answer: AsyncStream<Result<JSONRPCMessage, SessionError>>.Continuation
        var deadline: ContinuousClock.Instant
        var generation: Int
    }

    public init(id: String, grant: String, route: UpstreamRoute, enforcer: Enforcer, logger: Logger) {
        self.id = id
        self.grant = grant
        self.route = route
        self.enforcer = enforcer
        var logger = logger
        logger[metadataKey: "session"] = "\(id.prefix(16))"
        logger[metadataKey: "server"] = "\(route.server)"
        self.logger = logger
        let now = ContinuousClock.now
        state = Mutex(State(lastActivity: now, lastUpstreamUse: now))
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
    private func send(_ message: JSONRPCMessage, id: RequestID, method: String, admitted: AdmittedCall?,
                      output: AsyncStream<ReplyPart>.Continuation, acceptsInterim: Bool) async {
        let link: UpstreamLink
        do {
            link = try await upstream(for: method)
        } catch {
            if let admitted { await enforcer.finish(admitted, end: .notSent(error.description)) }
            output.yield(.response(GatewayMessages.error(id: id, code: error.code, message: error.description)))
            output.finish()
            return
        }
        let token = message.progressToken
        let registered = state.withLock { state -> Result<Void, SessionError> in
            if state.closed { return .failure(.closed) }
            if state.pending[id] != nil || state.held[id] != nil { return .failure(.duplicateRequest(id.json)) }
            state.sequence += 1
            state.pending[id] = PendingRequest(
                id: id, method: method, output: output, acceptsInterim: acceptsInterim, generation: link.generation,
                sequence: state.sequence, deadline: .now + route.timeout(for: method), progressToken: token,
                nextKeepAlive: .now + Self.firstKeepAlive, call: admitted,
                continuesListing: method == "tools/list" && message.paramsString("cursor") != nil)
            if let token { state.progressOwners[token] = id }
            state.lastUpstreamUse = .now
            return .success(())
        }
        if case .failure(let problem) = registered {
            if let admitted { await enforcer.finish(admitted, end: .notSent(problem.description)) }
            output.yield(.response(GatewayMessages.error(id: id, code: problem.code, message: problem.description)))
            output.finish()
            return
        }
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

    // MARK: - Calls held for approval

    /// Answers with a stream at once and lets the approval gate decide in the background: the
    /// agent hears keep-alives (and progress) meanwhile; approved, the call is forwarded.
    private func hold(_ message: JSONRPCMessage, id: RequestID, call: ToolCall, acceptsInterim: Bool) -> AgentReply {
        let (stream, output) = AsyncStream.makeStream(of: ReplyPart.self, bufferingPolicy: .unbounded)
        let withdrawal = WithdrawalSignal()
        let problem = state.withLock { state -> SessionError? in
            if state.closed { return .closed }
            if state.pending[id] != nil || state.held[id] != nil { return .duplicateRequest(id.json) }
            state.held[id] = HeldRequest(output: output, withdrawal: withdrawal, acceptsInterim: acceptsInterim,
                                         progressToken: message.progressToken, nextTick: .now + Self.firstKeepAlive)
            return nil
        }
        if let problem {
            return .immediate(GatewayMessages.error(id: id, code: problem.code, message: problem.description))
        }
        output.onTermination = { termination in
            if case .cancelled = termination { withdrawal.fire("the agent stopped waiting for the answer") }
        }
        let canAsk = acceptsInterim && state.withLock { $0.agentCanElicit }
        let askUser: (@Sendable (JSONValue) async -> ElicitationAnswer)? = canAsk ? { @Sendable [weak self] params in
            await self?.elicit(params, on: id) ?? .failed("the session ended")
        } : nil
        let hold = HoldContext(askUser: askUser, withdrawn: withdrawal)
        Task {
            let admission = await enforcer.admit(call, server: route.server, hold: hold)
            let stillHeld = state.withLock { $0.held.removeValue(forKey: id) } != nil && withdrawal.reason == nil
            switch admission {
            case .refuse(let refusal):
                output.yield(.response(GatewayMessages.refusal(id: id, refusal: refusal)))
                output.finish()
            case .forward(let admitted) where !stillHeld:
                // Approved as the agent went away: nothing to forward, the units come back.
                await enforcer.finish(admitted, end: .notSent("the agent went away before the approved call was forwarded"))
                output.finish()
            case .forward(let admitted):
                await send(message, id: id, method: "tools/call", admitted: admitted, output: output, acceptsInterim: acceptsInterim)
            }
        }
        return .stream(stream)
    }

    /// Asks the person at the client (`elicitation/create` on the held request's stream, with
    /// an id of the gateway's own) and waits for the answer, or for the gate to give up.
    private func elicit(_ params: JSONValue, on requestID: RequestID) async -> ElicitationAnswer {
        let (elicitationID, output) = state.withLock { state -> (RequestID, AsyncStream<ReplyPart>.Continuation?) in
            state.ownCounter += 1
            return (RequestID.string("\(RequestID.gatewayPrefix)elicit-\(state.ownCounter)"), state.held[requestID]?.output)
        }
        guard let output else { return .failed("the request is no longer waiting") }
        let request = GatewayMessages.request(id: elicitationID, method: "elicitation/create", paramsJSON: JSONWriter().string(params))
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let cancelled = state.withLock { state -> Bool in
                    if Task.isCancelled { return true }
                    state.elicitations[elicitationID] = continuation
                    return false
                }
                if cancelled {
                    continuation.resume(returning: .failed("cancelled"))
                } else {
                    output.yield(.interim(request))
                }
            }
        } onCancel: {
            let waiting = state.withLock { $0.elicitations.removeValue(forKey: elicitationID) }
            waiting?.resume(returning: .failed("cancelled"))
        }
    }

    /// Takes the agent's answer to one of the gateway's own `elicitation/create` requests.
    private func answersElicitation(_ message: JSONRPCMessage) -> Bool {
        guard let id = message.id, id.isGatewayOwn,
              let waiting = state.withLock({ $0.elicitations.removeValue(forKey: id) }) else { return false }
        let error = message.kind == .errorResponse ? (message.errorSummary ?? "error") : nil
        waiting.resume(returning: ApprovalPrompt.answer(result: message.decodedResult(), error: error))
        return true
    }

    /// Withdraws a held call (the agent cancelled it or went away); false when none is held.
    private func withdraw(_ id: RequestID, reason: String) -> Bool {
        guard let held = state.withLock({ $0.held[id] }) else { return false }
        held.withdrawal.fire(reason)
        return true
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
    private func forward(_ bytes: ByteBuffer, what: String) async {
        guard let link = state.withLock({ $0.link }) else {
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

    private enum Connection {
        case ready(UpstreamLink)
        case starting(Task<UpstreamLink, any Error>)
    }

    /// The live connection; starts one (replaying `initialize` unless this is it) when needed.
    private func upstream(for method: String) async throws(SessionError) -> UpstreamLink {
        let connection = state.withLock { state -> Result<Connection, SessionError> in
            if state.closed { return .failure(.closed) }
            if let link = state.link { return .success(.ready(link)) }
            if let task = state.connecting { return .success(.starting(task)) }
            let replay = method != "initialize"
            if replay && state.initializeParams == nil { return .failure(.notInitialized) }
            state.generation += 1
            let generation = state.generation
            let task = Task { () async throws -> UpstreamLink in
                try await self.connect(generation: generation, replay: replay)
            }
            state.connecting = task
            return .success(.starting(task))
        }
        switch connection {
        case .failure(let error): throw error
        case .success(.ready(let link)): return link
        case .success(.starting(let task)):
            return try await SessionError.awaiting(task, server: route.server)
        }
    }

    private func connect(generation: Int, replay: Bool) async throws -> UpstreamLink {
        do {
            let connection: any UpstreamConnection
            do {
                connection = try await route.connect()
            } catch {
                throw SessionError.upstreamUnavailable(server: route.server, reason: "\(error)")
            }
            let link = UpstreamLink(connection: connection, generation: generation)
            Task { await self.read(link) }
            if replay {
                do {
                    try await replayInitialize(on: link)
                } catch {
                    await connection.close()
                    throw error
                }
            }
            let stillOpen = state.withLock { state -> Bool in
                state.connecting = nil
                guard !state.closed else { return false }
                state.link = link
                state.lastUpstreamUse = .now
                return true
            }
            guard stillOpen else {
                await connection.close()
                throw SessionError.closed
            }
            return link
        } catch {
            state.withLock { $0.connecting = nil }
            throw error
        }
    }

    /// Brings a fresh upstream to where the old one was: the agent's `initialize`, then
    /// `notifications/initialized` if the agent had sent it.
    private func replayInitialize(on link: UpstreamLink) async throws(SessionError) {
        let (params, initialized) = state.withLock { ($0.initializeParams ?? "{}", $0.agentInitialized) }
        let answer = try await ownRequest("initialize", paramsJSON: params, on: link)
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

    /// Sends a request of the gateway's own (id `gatehouse-…`) and waits for its answer.
    private func ownRequest(_ method: String, paramsJSON: String?, on link: UpstreamLink) async throws(SessionError) -> JSONRPCMessage {
        let (answers, continuation) = AsyncStream.makeStream(of: Result<JSONRPCMessage, SessionError>.self, bufferingPolicy: .unbounded)
        let id = state.withLock { state -> RequestID in
            state.ownCounter += 1
            let id = RequestID.string("\(RequestID.gatewayPrefix)\(method)-\(state.ownCounter)")
            state.own[id] = OwnRequest(answer: continuation, deadline: .now + route.timeout(for: method), generation: link.generation)
            return id
        }
        do {
            try await link.connection.send(GatewayMessages.request(id: id, method: method, paramsJSON: paramsJSON))
        } catch {
            state.withLock { _ = $0.own.removeValue(forKey: id) }
            throw .upstreamUnavailable(server: route.server, reason: "\(error)")
        }
        for await answer in answers { return try answer.get() }
        throw .closed
    }

    // MARK: - From the upstream

    private func read(_ link: UpstreamLink) async {
        for await event in link.connection.events {
            switch event {
            case .message(let message):
                await route(message, from: link)
            case .closed(let closure):
                await upstreamClosed(closure, link: link)
            }
        }
    }

    private func route(_ upstreamMessage: UpstreamMessage, from link: UpstreamLink) async {
        let message: JSONRPCMessage
        do {
            message = try JSONRPCMessage.parse(upstreamMessage.bytes)
        } catch {
            if case .refused(let problem, let id, let method) = error {
                await refuseUpstreamMessage(problem, id: id, method: method)
            } else {
                logger.warning("upstream sent something that is not a JSON-RPC message; dropped it (\(error))")
            }
            return
        }
        switch message.kind {
        case .response, .errorResponse:
            await answer(message, transportFailure: upstreamMessage.transportFailure)
        case .request, .notification:
            if message.method == "notifications/tools/list_changed", enforcer.pins != nil {
                Task { await self.recheckTools(on: link) }
            }
            deliverInterim(message, related: upstreamMessage.relatedRequestID.flatMap(RequestID.init(jsonText:)))
        }
    }

    /// A message from the upstream that the envelope rules refuse: never delivered to the agent,
    /// logged and audited. A refused response still ends the request it answers (with an error:
    /// the upstream may have acted, so its units are kept); a refused request is answered upstream.
    private func refuseUpstreamMessage(_ problem: JSONRPCEnvelopeProblem, id: RequestID?, method: String?) async {
        logger.warning("upstream sent a message the gateway refuses; dropped it: \(problem)")
        await enforcer.recordRefusedMessage(problem, method: method, from: .upstream, server: route.server, grant: grant, session: self.id)
        guard let id else { return }
        let reason = "upstream \(route.server) sent a message the gateway refuses: \(problem)"
        if method != nil {
            await forward(GatewayMessages.error(id: id, code: JSONRPCErrorCode.invalidRequest, message: "Invalid Request: \(problem)"),
                          what: "an error for a refused request")
        } else if id.isGatewayOwn, let own = state.withLock({ $0.own.removeValue(forKey: id) }) {
            own.answer.yield(.failure(.upstreamUnavailable(server: route.server, reason: reason)))
            own.answer.finish()
        } else {
            await fail(id, code: JSONRPCErrorCode.internalError, message: reason, end: .lost(reason))
        }
    }

    /// The whole listing once its last page arrives (`{"tools": [...]}`); nil before that.
    private func completeListing(_ message: JSONRPCMessage, _ pending: PendingRequest) -> JSONValue? {
        guard let result = message.decodedResult() else { return nil }
        let tools = result["tools"]?.arrayValue ?? []
        let complete = result["nextCursor"].map(\.isNull) ?? true
        return state.withLock { state -> JSONValue? in
            if !pending.continuesListing { state.listedPages = [] }
            state.listedPages += tools
            guard complete else { return nil }
            defer { state.listedPages = [] }
            return ["tools": .array(state.listedPages)]
        }
    }

    /// The upstream says its tools changed: list them at once (a request of the gateway's own)
    /// and compare them with their pins, before the agent asks.
    private func recheckTools(on link: UpstreamLink) async {
        guard let pins = enforcer.pins else { return }
        do {
            let answer = try await ownRequest("tools/list", paramsJSON: "{}", on: link)
            // A paginated listing is left to the agent's own tools/list, which reads every page.
            guard answer.kind == .response, let result = answer.decodedResult(), result["nextCursor"].map(\.isNull) ?? true else { return }
            await pins.observe(server: route.server, listing: result, grant: grant, session: id)
        } catch {
            logger.notice("could not re-list tools after tools/list_changed: \(error)")
        }
    }

    /// A response from the upstream (or one its transport wrote for it): to the request that
    /// waits for it, then settled.
    private func answer(_ message: JSONRPCMessage, transportFailure: TransportFailure? = nil) async {
        guard let id = message.id else {
            logger.warning("upstream sent an error without an id: \(message.errorSummary ?? "?")")
            return
        }
        if id.isGatewayOwn, let own = state.withLock({ $0.own.removeValue(forKey: id) }) {
            own.answer.yield(.success(message))
            own.answer.finish()
            return
        }
        guard let pending = take(id) else {
            logger.debug("upstream answered request \(id), which is no longer waiting")
            return
        }
        var bytes = message.bytes
        var hidden: [String] = []
        if pending.filtersTools && message.kind == .response, let pins = enforcer.pins, let listing = completeListing(message, pending) {
            await pins.observe(server: route.server, listing: listing, grant: grant, session: self.id)
        }
        if pending.filtersTools && message.kind == .response {
            let filtered = enforcer.toolListFilter(server: route.server).filter(message)
            bytes = filtered.message
            hidden = filtered.removed
        }
        pending.output.yield(.response(bytes))
        pending.output.finish()
        if let call = pending.call {
            await enforcer.finish(call, end: CallEnd(answer: message, transportFailure: transportFailure))
        }
        if !hidden.isEmpty {
            await enforcer.recordToolsListed(server: route.server, grant: grant, session: self.id, hidden: hidden)
        }
    }

    /// A request or notification from the upstream: onto the stream it belongs to.
    private func deliverInterim(_ message: JSONRPCMessage, related: RequestID?) {
        state.withLock { state in
            var related = related
            if message.method == "notifications/progress", let token = message.progressNotificationToken {
                related = state.progressOwners[token] ?? related
            }
            let candidates = state.pending.compactMap { id, pending in
                pending.acceptsInterim ? InterimRouting.Candidate(id: id, sequence: pending.sequence) : nil
            }
            switch InterimRouting.destination(related: related, candidates: candidates, standaloneOpen: state.standalone.isOpen) {
            case .request(let id):
                state.pending[id]?.output.yield(.interim(message.bytes))
            case .standalone:
                state.standalone.deliver(message.bytes)
            }
        }
    }

    private func upstreamClosed(_ closure: UpstreamClosure, link: UpstreamLink) async {
        let (failed, own) = state.withLock { state -> ([PendingRequest], [OwnRequest]) in
            if state.link?.generation == link.generation { state.link = nil }
            let ids = state.pending.filter { $0.value.generation == link.generation }.map(\.key)
            let failed = ids.compactMap { Self.take($0, from: &state) }
            let ownIDs = state.own.filter { $0.value.generation == link.generation }.map(\.key)
            return (failed, ownIDs.compactMap { state.own.removeValue(forKey: $0) })
        }
        for request in own {
            request.answer.yield(.failure(.upstreamUnavailable(server: route.server, reason: closure.description)))
            request.answer.finish()
        }
        let deliberate = closure.cause == .closedByGatehouse
        if !deliberate {
            logger.warning("\(closure)")
            enforcer.metrics.upstreamCrashed(server: route.server)
            await enforcer.recordUpstreamClosed(server: route.server, grant: grant, session: id, closure: closure,
                                                pending: failed.count)
        }
        for request in failed {
            let message = "\(closure) while handling \(request.method); the next request starts a fresh upstream"
            await settle(request, code: JSONRPCErrorCode.internalError, message: message, end: .lost(closure.description))
        }
    }

    // MARK: - Ending requests

    /// Removes a pending request and its progress token.
    private func take(_ id: RequestID) -> PendingRequest? {
        state.withLock { Self.take(id, from: &$0) }
    }

    private static func take(_ id: RequestID, from state: inout State) -> PendingRequest? {
        guard let pending = state.pending.removeValue(forKey: id) else { return nil }
        if let token = pending.progressToken, state.progressOwners[token] == id {
            state.progressOwners.removeValue(forKey: token)
        }
        return pending
    }

    /// Answers a pending request with an error and settles it.
    private func fail(_ id: RequestID, code: Int, message: String, end: CallEnd) async {
        guard let pending = take(id) else { return }
        await settle(pending, code: code, message: message, end: end)
    }

    private func settle(_ pending: PendingRequest, code: Int, message: String, end: CallEnd) async {
        pending.output.yield(.response(GatewayMessages.error(id: pending.id, code: code, message: message)))
        pending.output.finish()
        if let call = pending.call { await enforcer.finish(call, end: end) }
    }

    /// The agent stopped waiting (it disconnected): the upstream is told to cancel the work.
    public func abandon(_ id: RequestID, reason: String) async {
        if withdraw(id, reason: reason) { return }
        guard let pending = take(id) else { return }
        logger.info("request \(id) (\(pending.method)) abandoned: \(reason)")
        await forward(GatewayMessages.cancelled(id, reason: reason), what: "notifications/cancelled")
        if let call = pending.call { await enforcer.finish(call, end: .cancelled) }
    }

    /// Sends keep-alives to waiting requests and times out those past their deadline (called by ``SessionRegistry``'s sweeper).
    func sweep(now: ContinuousClock.Instant) async {
        let (overdue, own) = state.withLock { state -> ([PendingRequest], [OwnRequest]) in
            for (id, pending) in state.pending where pending.acceptsInterim && pending.nextKeepAlive <= now {
                pending.output.yield(.keepAlive)
                state.pending[id]?.nextKeepAlive = now + Self.keepAliveInterval
            }
            for (id, held) in state.held where held.acceptsInterim && held.nextTick <= now {
                Self.tick(held, ticks: held.ticks + 1)
                state.held[id]?.ticks += 1
                state.held[id]?.nextTick = now + Self.keepAliveInterval
            }
            let ids = state.pending.filter { $0.value.deadline <= now }.map(\.key)
            let ownIDs = state.own.filter { $0.value.deadline <= now }.map(\.key)
            return (ids.compactMap { Self.take($0, from: &state) }, ownIDs.compactMap { state.own.removeValue(forKey: $0) })
        }
        for request in own {
            let seconds = route.timeout(for: "initialize").components.seconds
            request.answer.yield(.failure(.upstreamUnavailable(server: route.server, reason: "no answer to the replayed initialize within \(seconds) s")))
            request.answer.finish()
        }
        for request in overdue {
            let seconds = route.timeout(for: request.method).components.seconds
            let message = "upstream \(route.server) did not answer \(request.method) within \(seconds) s; the gateway cancelled the request"
            logger.warning("\(message)")
            await forward(GatewayMessages.cancelled(request.id, reason: "timed out in the gateway after \(seconds) s"),
                          what: "notifications/cancelled")
            await settle(request, code: JSONRPCErrorCode.requestTimeout, message: message, end: .timeout)
        }
    }

    /// A held call's periodic sign of life: a progress notification when the agent asked for
    /// progress (its `progress` one higher each time), else an SSE keep-alive comment.
    private static func tick(_ held: HeldRequest, ticks: Int) {
        guard let token = held.progressToken, let tokenValue = try? JSONParser.parse(token.json) else {
            held.output.yield(.keepAlive)
            return
        }
        held.output.yield(.interim(GatewayMessages.notification(method: "notifications/progress", params: [
            "progressToken": tokenValue, "progress": .int(Int64(ticks)),
            "message": "waiting for a person to approve the call",
        ])))
    }

    // MARK: - Lifecycle

    private func touch() {
        state.withLock { $0.lastActivity = .now }
    }

    /// Whether the agent has been silent for `idle` with nothing in flight.
    func isIdle(now: ContinuousClock.Instant, idle: Duration) -> Bool {
        state.withLock { $0.pending.isEmpty && $0.held.isEmpty && now - $0.lastActivity >= idle }
    }

    /// Closes the upstream connection when it has been unused for the route's idle timeout;
    /// the next request opens a new one.
    func closeIdleUpstream(now: ContinuousClock.Instant) async {
        guard let idle = route.idleTimeout else { return }
        let link = state.withLock { state -> UpstreamLink? in
            guard let link = state.link, state.pending.isEmpty, state.own.isEmpty, now - state.lastUpstreamUse >= idle else { return nil }
            state.link = nil
            return link
        }
        guard let link else { return }
        logger.info("upstream idle for \(idle.components.seconds) s: closing it until the next request")
        await link.connection.close()
    }

    /// Ends the session: requests in flight get an error, the standalone stream ends, the
    /// upstream connection is closed (its process group killed, for stdio). Idempotent.
    /// `interrupting`: the gateway is shutting down, so calls held for approval are recorded as
    /// interrupted rather than withdrawn by their agents.
    public func close(reason: String, interrupting: Bool = false) async {
        let (link, connecting, pending, own, held) = state.withLock { state -> (UpstreamLink?, Task<UpstreamLink, any Error>?, [PendingRequest], [OwnRequest], [HeldRequest]) in
            guard !state.closed else { return (nil, nil, [], [], []) }
            state.closed = true
            state.standalone.finish()
            let held = Array(state.held.values)
            let pending = state.pending.keys.compactMap { Self.take($0, from: &state) }
            let own = Array(state.own.values)
            state.own.removeAll()
            defer { state.link = nil; state.connecting = nil }
            return (state.link, state.connecting, pending, own, held)
        }
        for request in held {
            request.withdrawal.fire("the session ended (\(reason))", as: interrupting ? .interrupted : .withdrawn)
        }
        for request in own {
            request.answer.yield(.failure(.closed))
            request.answer.finish()
        }
        for request in pending {
            await settle(request, code: JSONRPCErrorCode.internalError, message: "the session ended (\(reason))", end: .cancelled)
        }
        connecting?.cancel()
        if let connecting, let late = try? await connecting.value { await late.connection.close() }
        await link?.connection.close()
    }

    public var isClosed: Bool { state.withLock { $0.closed } }
}
