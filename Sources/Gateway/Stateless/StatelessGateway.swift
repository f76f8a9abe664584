import JSON
import Logging
import NIOCore
import Policy
import Store
import Upstream

/// The 2026-07-28 request path: one request in, one answer out, no session.
///
/// The transport has checked the request's headers and revision (``StatelessHeaders``); this
/// decides it with the same ``Enforcer`` as sessions — every `tools/call` judged and audited
/// before it is forwarded, `tools/list` filtered — and sends it on one of the server's pooled
/// upstream connections (``UpstreamPool``), speaking the upstream's revision. `server/discover`
/// is answered here. Every result gets `resultType`, cacheable ones `ttlMs` and `cacheScope`.
public struct StatelessGateway: Sendable {
    let enforcer: Enforcer
    let pools: UpstreamPools
    let logger: Logger
    /// How listen streams and held calls' keep-alives are paced (tests inject a clock).
    public var streamTiming = StreamTiming()

    /// How the transport should carry an answer (HTTP: 200, 202, 400, 404).
    public enum Status: Sendable, Equatable {
        case ok, accepted, badRequest, notFound
    }

    public struct Reply: Sendable {
        public var status: Status
        /// The JSON-RPC answer; nil for a notification.
        public var body: ByteBuffer?
    }

    /// Writes a request-scoped notification (progress, logging) onto the agent's response
    /// stream, before the answer (Streamable HTTP: an SSE response; stdio: the shared output).
    public typealias InterimSink = @Sendable (ByteBuffer) -> Void

    /// The methods relayed to the upstream, with the caching hint their results get (nil: not cacheable).
    static let relayed: [String: StatelessResponse.CacheHint?] = [
        "prompts/list": .public(), "resources/list": .public(), "resources/templates/list": .public(),
        "resources/read": .private(), "prompts/get": nil, "completion/complete": nil,
    ]

    /// The `session` of a sessionless call (its audit row, `session`-scoped counters): there is
    /// none, so such counters count per grant.
    public static func sessionKey(grant: String) -> String { "stateless:\(grant)" }

    /// Answers one message of a 2026-07-28 agent holding `grant`, for the route's server. With
    /// `interim`, the upstream's progress and log messages for the request go there first;
    /// without, they are dropped (a single JSON answer has no room for them). `forwarding`: the
    /// agent's `Mcp-Param-*` headers, whose unrecognised ones go with the request upstream.
    public func handle(_ message: JSONRPCMessage, grant: String, route: UpstreamRoute, forwarding: AgentParamHeaders = .none,
                       interim: InterimSink? = nil) async -> Reply {
        switch message.kind {
        case .notification:
            // The revision defines no client notifications over HTTP; nothing to relay.
            return Reply(status: .accepted, body: nil)
        case .response, .errorResponse:
            return error(.badRequest, id: message.id, code: JSONRPCErrorCode.invalidRequest,
                         "Invalid Request: a 2026-07-28 client sends requests only (there is no server request to answer)")
        case .request:
            break
        }
        guard let id = message.id, let method = message.method else {
            return error(.badRequest, id: message.id, code: JSONRPCErrorCode.invalidRequest, "Invalid Request")
        }
        switch method {
        case "server/discover":
            return await discover(id: id, grant: grant, route: route)
        case "tools/call":
            return await call(message, id: id, grant: grant, route: route, forwarding: forwarding, interim: interim)
        case "tools/list":
            return await list(message, id: id, grant: grant, route: route, forwarding: forwarding)
        default:
            guard let cache = Self.relayed[method] else {
                return error(.notFound, id: id, code: JSONRPCErrorCode.methodNotFound,
                             "Method not found: \(method) is not served at \(ProtocolVersions.sessionless) by this gateway")
            }
            return await relay(message, id: id, method: method, grant: grant, route: route, cache: cache,
                               forwarding: forwarding, interim: interim)
        }
    }

    // MARK: - Methods

    private func discover(id: RequestID, grant: String, route: UpstreamRoute) async -> Reply {
        do {
            let initialize = try await pools.pool(for: route, grant: grant).initializeResult()
            let result = StatelessDiscovery.result(server: route.server, initialize: initialize)
            return Reply(status: .ok, body: StatelessResponse.result(id: id, result, cache: .public()))
        } catch {
            return self.error(.ok, id: id, code: error.code, error.description)
        }
    }

    private func call(_ message: JSONRPCMessage, id: RequestID, grant: String, route: UpstreamRoute,
                      forwarding: AgentParamHeaders, interim: InterimSink?) async -> Reply {
        guard let call = ToolCall(message, grant: grant, session: Self.sessionKey(grant: grant)) else {
            return error(.ok, id: id, code: JSONRPCErrorCode.invalidParams,
                         "Invalid params: tools/call needs params.name (a string) and, if present, params.arguments (an object)")
        }
        var round: UserApprovalRound?
        var upstreamParams: ByteBuffer?
        switch await retry(of: message, id: id, call: call, route: route) {
        case .none: break
        case .answered(let answered, let params): (round, upstreamParams) = (answered, params)
        case .refused(let reply): return reply
        }
        // The fast path: a policy that never holds a call needs no hold.
        let asker = enforcer.policy(route.server).mayRequireApproval
            ? UserAsker(answer: round?.elicitationAnswer,
                        canDefer: message.metaDeclaresClientCapability("elicitation") && enforcer.auditArguments.digester.hasKey)
            : nil
        let admission = await admit(call, server: route.server, asker: asker)
        if Task.isCancelled, case .forward(let admitted) = admission {
            // Approved as the agent went away: nothing to forward, the units come back.
            await Task { await enforcer.finish(admitted, end: .notSent("the agent went away before the approved call was forwarded")) }.value
            return error(.ok, id: id, code: JSONRPCErrorCode.internalError, "the request was cancelled")
        }
        switch admission {
        case .refuse(let refusal):
            if refusal.reason == ApprovalDesk.askedOnRetryReason, let question = asker?.question,
               let state = seal(call, server: route.server) {
                let result = UserApprovalRound.inputRequired(question: question, state: state)
                return Reply(status: .ok, body: StatelessResponse.result(id: id, result))
            }
            return answer(GatewayMessages.refusal(id: id, refusal: refusal), id: id)
        case .forward(let admitted):
            let (reply, end) = await forward(message, id: id, method: "tools/call", grant: grant, route: route, cache: nil,
                                             params: upstreamParams, forwarding: forwarding, interim: interim)
            await enforcer.finish(admitted, end: end)
            return reply
        }
    }

    /// Decides the call; one that may wait for approval (`asker` set) is withdrawn when the agent goes away.
    private func admit(_ call: ToolCall, server: String, asker: UserAsker?) async -> Admission {
        guard let asker else { return await enforcer.admit(call, server: server) }
        let withdrawal = WithdrawalSignal()
        let hold = HoldContext(askUser: asker.askUser, withdrawn: withdrawal)
        return await withTaskCancellationHandler {
            // Not a child task: the agent's cancellation must not cancel the approval desk's own
            // store writes (it closes the request as withdrawn); the signal tells it instead.
            await Task { [enforcer] in await enforcer.admit(call, server: server, hold: hold) }.value
        } onCancel: {
            withdrawal.fire("the agent stopped waiting for the answer")
        }
    }

    private func list(_ message: JSONRPCMessage, id: RequestID, grant: String, route: UpstreamRoute,
                      forwarding: AgentParamHeaders) async -> Reply {
        let answer: PooledUpstream.Answer
        do {
            answer = try await send(message, method: "tools/list", grant: grant, route: route, forwarding: forwarding)
        } catch {
            return self.error(.ok, id: id, code: error.code, error.description)
        }
        guard case .message(let listing, _) = answer, listing.kind == .response else {
            return reply(to: answer, id: id, route: route, method: "tools/list", cache: nil)
        }
        let invalid = learnParamHeaders(from: listing, grant: grant, route: route)
        if let pins = enforcer.pins, listing.resultString("nextCursor") == nil, let result = listing.decodedResult() {
            await pins.observe(server: route.server, listing: result, grant: grant, session: nil)
        }
        let filtered = enforcer.toolListFilter(server: route.server).filter(listing)
        if !filtered.removed.isEmpty {
            await enforcer.recordToolsListed(server: route.server, grant: grant, session: Self.sessionKey(grant: grant),
                                             hidden: filtered.removed)
        }
        // What one grant sees is not what another does once the policy filtered it.
        let cache: StatelessResponse.CacheHint = filtered.removed.isEmpty ? .public() : .private()
        guard let filteredListing = try? JSONRPCMessage.parse(filtered.message) else {
            return error(.ok, id: id, code: JSONRPCErrorCode.internalError, "the filtered tool list is not valid JSON-RPC")
        }
        let shown = Self.removing(invalid, from: filteredListing)
        return Reply(status: .ok, body: StatelessResponse.relay(shown, id: id, cache: cache))
    }

    private func relay(_ message: JSONRPCMessage, id: RequestID, method: String, grant: String, route: UpstreamRoute,
                       cache: StatelessResponse.CacheHint?, forwarding: AgentParamHeaders, interim: InterimSink?) async -> Reply {
        await forward(message, id: id, method: method, grant: grant, route: route, cache: cache,
                      forwarding: forwarding, interim: interim).reply
    }

    // MARK: - The upstream

    /// Sends the request on a pooled connection; its answer as the agent's reply and as a call's end.
    private func forward(_ message: JSONRPCMessage, id: RequestID, method: String, grant: String, route: UpstreamRoute,
                         cache: StatelessResponse.CacheHint?, params: ByteBuffer? = nil, forwarding: AgentParamHeaders = .none,
                         interim: InterimSink? = nil) async -> (reply: Reply, end: CallEnd) {
        let answer: PooledUpstream.Answer
        do {
            answer = try await send(message, method: method, grant: grant, route: route, params: params,
                                    forwarding: forwarding, interim: interim)
        } catch {
            return (self.error(.ok, id: id, code: error.code, error.description), .notSent(error.description))
        }
        return (reply(to: answer, id: id, route: route, method: method, cache: cache), Self.end(of: answer))
    }

    private func send(_ message: JSONRPCMessage, method: String, grant: String, route: UpstreamRoute,
                      params: ByteBuffer? = nil, forwarding: AgentParamHeaders = .none,
                      interim: InterimSink? = nil) async throws(SessionError) -> PooledUpstream.Answer {
        let pool = pools.pool(for: route, grant: grant)
        let upstream = try await pool.connection()
        // The progress token is the agent's own; the relay maps the gateway's back to it.
        let token = message.progressToken
        let relay = token != nil || interim != nil ? InterimRelay(agentToken: token, send: interim, logLevel: message.metaLogLevel) : nil
        return await upstream.request(method: method, params: params ?? message.paramsWithoutEnvelope, timeout: route.timeout(for: method),
                                      relay: relay,
                                      paramHeaders: await outgoingParamHeaders(message, method: method, pool: pool, upstream: upstream,
                                                                               route: route, forwarding: forwarding))
    }

    private func reply(to answer: PooledUpstream.Answer, id: RequestID, route: UpstreamRoute, method: String,
                       cache: StatelessResponse.CacheHint?) -> Reply {
        switch answer {
        case .message(let message, _):
            // An upstream without the method answers -32601: the transport's 404 says so too.
            let status: Status = message.errorCode == JSONRPCErrorCode.methodNotFound ? .notFound : .ok
            return Reply(status: status, body: StatelessResponse.relay(message, id: id, cache: cache))
        case .failed(let reason, _):
            return error(.ok, id: id, code: JSONRPCErrorCode.internalError,
                         "upstream \(route.server) failed while handling \(method): \(reason)")
        case .timedOut(let timeout):
            return error(.ok, id: id, code: JSONRPCErrorCode.requestTimeout,
                         "upstream \(route.server) did not answer \(method) within \(timeout.components.seconds) s; the gateway cancelled the request")
        case .cancelled:
            return error(.ok, id: id, code: JSONRPCErrorCode.internalError, "the request was cancelled")
        }
    }

    /// How a forwarded call ended, for its units and audit row.
    static func end(of answer: PooledUpstream.Answer) -> CallEnd {
        switch answer {
        case .message(let message, let failure): return CallEnd(answer: message, transportFailure: failure)
        case .failed(let reason, let written): return written ? .lost(reason) : .notSent(reason)
        case .timedOut: return .timeout
        case .cancelled: return .cancelled
        }
    }

    // MARK: - Answers of the gateway's own

    private func answer(_ bytes: ByteBuffer, id: RequestID) -> Reply {
        guard let message = try? JSONRPCMessage.parse(bytes) else { return Reply(status: .ok, body: bytes) }
        return Reply(status: .ok, body: StatelessResponse.relay(message, id: id))
    }

    func error(_ status: Status, id: RequestID?, code: Int, _ text: String) -> Reply {
        Reply(status: status, body: GatewayMessages.error(id: id, code: code, message: text))
    }
}

extension StatelessGateway {
    /// Logs and audits a sessionless request refused by its transport's checks (a header
    /// mismatch, an unsupported revision) before any policy saw it.
    public func recordRefused(_ problem: StatelessProblem, method: String?, server: String, grant: String) async {
        logger.warning("refused a 2026-07-28 request: \(problem)", metadata: ["server": "\(server)", "grant": "\(grant)"])
        enforcer.metrics.messageRefused(server: server)
        await enforcer.record(AuditEntry(time: enforcer.clock.now(), kind: .messageRefused, grant: grant, server: server,
                                         decision: "refused", rule: "gateway", reason: problem.description,
                                         detail: ["from": "agent", "method": method.map(JSONValue.string) ?? .null,
                                                  "problem": .string(problem.rule), "code": .int(Int64(problem.code))]))
    }
}
