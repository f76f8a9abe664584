import JSON
import NIOCore

/// `Mcp-Param-*` headers at 2026-07-28 (``ParamHeaders``): learnt from the upstream's tool
/// listings, checked on an agent's `tools/call`, mirrored onto the gateway's own to an HTTP upstream.
extension StatelessGateway {
    /// The first disagreement between an agent's `Mcp-Param-*` headers (by lowercased name part)
    /// and its `tools/call` body, for a tool whose annotations this replica has seen listed; nil
    /// otherwise. The transport refuses the request with it (400, -32020) and audits it.
    public func paramHeaderProblem(_ message: JSONRPCMessage, sent: [String: [String]], grant: String,
                                   route: UpstreamRoute) -> StatelessProblem? {
        guard message.method == "tools/call", let tool = message.paramsString("name"),
              let annotations = pools.pool(for: route, grant: grant).paramHeaders.headers(for: tool) else { return nil }
        return annotations.problem(sent: sent, arguments: message.decodedParams()?["arguments"])
    }

    /// The `Mcp-Param-*` headers the call `message` carries upstream (none for other methods).
    func outgoingParamHeaders(_ message: JSONRPCMessage, method: String, pool: UpstreamPool) -> [String: String] {
        guard method == "tools/call", let tool = message.paramsString("name"),
              let annotations = pool.paramHeaders.headers(for: tool) else { return [:] }
        let headers = annotations.headers(for: message.decodedParams()?["arguments"])
        return Dictionary(headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Learns the annotations of a `tools/list` answer's tools; the names of those whose
    /// annotations are invalid, which the agent is not shown (as a client must not use them).
    func learnParamHeaders(from listing: JSONRPCMessage, grant: String, route: UpstreamRoute) -> Set<String> {
        guard let tools = listing.decodedResult()?["tools"]?.arrayValue else { return [] }
        return pools.pool(for: route, grant: grant).paramHeaders.learn(tools, server: route.server, logger: logger)
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
