import JSON

/// What a notification an upstream sent on a pooled connection means for the gateway's
/// 2026-07-28 agents, rebuilt from the members the schema defines for it and nothing else: the
/// upstream is untrusted, so no member of its own making reaches an agent.
///
/// A pure value: ``PooledUpstream`` reads it and routes it — progress and logging to the
/// request they belong to, list changes and resource updates to the pool's listen streams.
enum UpstreamNotice: Equatable, Sendable {
    /// `notifications/progress` for the request the gateway sent under `token` (its own id).
    /// `params`: `progress`, and `total` and `message` when given — the token is the agent's to add.
    case progress(token: RequestID, params: JSONObject)
    /// `notifications/message` (logging): `level`, `data`, and `logger` when given. `request`:
    /// the gateway's request whose response stream carried it (HTTP upstreams); nil when the
    /// transport names none (stdio always: ``PooledUpstream`` then asks which request is in flight).
    case log(request: RequestID?, params: JSONObject)
    /// A list changed, or a subscribed resource was updated: for listen streams.
    case change(ListenChange)
    /// Nothing to relay (why, for the debug log).
    case ignored(String)

    /// What `message` (a notification) means; `relatedRequestID`: the JSON text of the request
    /// whose response stream carried it, as the HTTP transport reports it.
    init(_ message: JSONRPCMessage, relatedRequestID: String?) {
        let method = message.method ?? ""
        let params = message.decodedParams()
        switch method {
        case "notifications/progress":
            self = Self.progress(params, token: message.progressNotificationToken)
        case "notifications/message":
            self = Self.log(params, related: relatedRequestID)
        case "notifications/tools/list_changed": self = .change(.tools)
        case "notifications/prompts/list_changed": self = .change(.prompts)
        case "notifications/resources/list_changed": self = .change(.resources)
        case "notifications/resources/updated":
            guard let uri = params?["uri"]?.stringValue else { self = .ignored("resources/updated without a uri"); return }
            self = .change(.resource(uri))
        default:
            self = .ignored("\(method) is not relayed to sessionless agents")
        }
    }

    private static func progress(_ params: JSONValue?, token: RequestID?) -> UpstreamNotice {
        guard let token,
              let progress = params?["progress"], progress.numberValue != nil else {
            return .ignored("notifications/progress without a progressToken and a numeric progress")
        }
        var kept: JSONObject = ["progress": progress]
        if let total = params?["total"], total.numberValue != nil { kept["total"] = total }
        if let message = params?["message"]?.stringValue { kept["message"] = .string(message) }
        return .progress(token: token, params: kept)
    }

    private static func log(_ params: JSONValue?, related: String?) -> UpstreamNotice {
        guard let level = params?["level"]?.stringValue, LoggingLevel(rawValue: level) != nil, let data = params?["data"] else {
            return .ignored("notifications/message without a known level and data")
        }
        var kept: JSONObject = ["level": .string(level), "data": data]
        if let logger = params?["logger"]?.stringValue { kept["logger"] = .string(logger) }
        return .log(request: related.flatMap(RequestID.init(jsonText:)), params: kept)
    }
}
