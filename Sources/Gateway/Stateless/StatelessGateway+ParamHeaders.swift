import JSON
import NIOCore

/// `Mcp-Param-*` headers at 2026-07-28 (``ParamHeaders``): learnt from the upstream's tool
/// listings, checked on an agent's `tools/call`, mirrored onto the gateway's own to an HTTP upstream.
extension StatelessGateway {
    /// The first disagreement between an agent's `Mcp-Param-*` headers (by lowercased name part)
    /// and its `tools/call` body, for a tool with annotations; nil otherwise. The annotations come
    /// from the pool's listings of the upstream's tools: a call before any (an agent that kept its
    /// list from before a restart, or listed on another replica) has the pool list them first, so
    /// a call is decided the same way whether or not its tools were listed here before. The
    /// transport refuses the request with it (400, -32020) and audits it; nothing of the call
    /// reaches the upstream.
    public func paramHeaderProblem(_ message: JSONRPCMessage, sent: AgentParamHeaders, grant: String,
                                   route: UpstreamRoute) async -> StatelessProblem? {
        if let problem = sent.problem { return problem }
        guard message.method == "tools/call", let tool = message.paramsString("name") else { return nil }
        let pool = pools.pool(for: route, grant: grant)
        if !pool.paramHeaders.hasListing, let upstream = try? await pool.connection() {
            // An upstream that cannot be reached fails the call itself, after the policy's decision.
            await learnParamHeaders(on: upstream, pool: pool, route: route)
        }
        guard let annotations = pool.paramHeaders.headers(for: tool) else { return nil }
        return annotations.problem(sent: sent.sent, arguments: message.decodedParams()?["arguments"])
    }

    /// The `Mcp-Param-*` headers `message` carries upstream: for a call, the gateway's own from
    /// the tool's annotations, and for any request the agent's headers the annotations do not
    /// recognise (``AgentParamHeaders``), which an intermediary must forward. They reach only an
    /// upstream that takes headers (used without a session); there are none for any other.
    /// To one whose tools the pool has not seen listed yet (a stdio agent's call, which has no
    /// headers to check; a listing that failed) the pool lists them first: the upstream refuses
    /// a call without its headers, and the gateway must know which headers it recognises.
    func outgoingParamHeaders(_ message: JSONRPCMessage, method: String, pool: UpstreamPool,
                              upstream: PooledUpstream, route: UpstreamRoute,
                              forwarding: AgentParamHeaders = .none) async -> [String: String] {
        guard upstream.speaksSessionless else { return [:] }
        if method == "tools/call", !pool.paramHeaders.hasListing {
            await learnParamHeaders(on: upstream, pool: pool, route: route)
        }
        let annotations = callAnnotations(message, method: method, pool: pool)
        let own = mirrored(message, annotations: annotations)
        return forwarding.unrecognised(by: annotations).merging(own) { _, gateways in gateways }
    }

    /// The gateway's own `Mcp-Param-*` headers for the call `message`, mirrored from its body.
    func outgoingParamHeaders(_ message: JSONRPCMessage, method: String, pool: UpstreamPool) -> [String: String] {
        mirrored(message, annotations: callAnnotations(message, method: method, pool: pool))
    }

    /// The annotations of the tool `message` calls, as the pool's listings gave them; nil for
    /// another method or a tool without any.
    private func callAnnotations(_ message: JSONRPCMessage, method: String, pool: UpstreamPool) -> ParamHeaders? {
        guard method == "tools/call", let tool = message.paramsString("name") else { return nil }
        return pool.paramHeaders.headers(for: tool)
    }

    private func mirrored(_ message: JSONRPCMessage, annotations: ParamHeaders?) -> [String: String] {
        guard let annotations else { return [:] }
        let headers = annotations.headers(for: message.decodedParams()?["arguments"])
        return Dictionary(headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Learns the annotations of a `tools/list` answer's tools; the names of those whose
    /// annotations are invalid, which the agent is not shown (as a client must not use them).
    func learnParamHeaders(from listing: JSONRPCMessage, grant: String, route: UpstreamRoute) -> Set<String> {
        guard let tools = listing.decodedResult()?["tools"]?.arrayValue else { return [] }
        return pools.pool(for: route, grant: grant).paramHeaders.learn(tools, server: route.server, logger: logger)
    }

    /// Lists the upstream's tools (every page, up to 50) for their annotations alone.
    private func learnParamHeaders(on upstream: PooledUpstream, pool: UpstreamPool, route: UpstreamRoute) async {
        var tools: [JSONValue] = []
        var cursor: String?
        for _ in 0..<50 {
            let params = cursor.map { ByteBuffer(string: JSONWriter().string(["cursor": .string($0)])) }
            let answer = await upstream.request(method: "tools/list", params: params, timeout: route.timeout(for: "tools/list"))
            guard case .message(let listing, _) = answer, let result = listing.decodedResult() else {
                logger.info("could not list \(route.server)'s tools for their x-mcp-header annotations: \(UpstreamPool.describe(answer))")
                return
            }
            tools += result["tools"]?.arrayValue ?? []
            cursor = result["nextCursor"]?.stringValue
            if cursor == nil { break }
        }
        _ = pool.paramHeaders.learn(tools, server: route.server, logger: logger)
    }

    /// `listing` without the tools named in `invalid`.
    static func removing(_ invalid: Set<String>, from listing: JSONRPCMessage) -> JSONRPCMessage {
        guard !invalid.isEmpty, let id = listing.id, case .object(var result)? = listing.decodedResult(),
              let tools = result["tools"]?.arrayValue else { return listing }
        result["tools"] = .array(tools.filter { !invalid.contains($0["name"]?.stringValue ?? "") })
        let bytes = GatewayMessages.result(id: id, json: JSONWriter().string(.object(result)))
        return (try? JSONRPCMessage.parse(bytes)) ?? listing
    }
}
