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
    /// the gateway's request whose response stream carried it (HTTP upstreams); nil on stdio,
    /// where a shared connection's log line belongs to no request the gateway can name.
    case log(request: RequestID?, params: JSONObject)
    /// A list changed, or a subscribed resource was updated: for listen streams.
    case change(ListenChange)
    /// Nothing to relay (why, for the debug log).
    case ignored(String)

    static let logLevels: Set<String> = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"]

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
        guard let level = params?["level"]?.stringValue, logLevels.contains(level), let data = params?["data"] else {
            return .ignored("notifications/message without a known level and data")
        }
        var kept: JSONObject = ["level": .string(level), "data": data]
        if let logger = params?["logger"]?.stringValue { kept["logger"] = .string(logger) }
        return .log(request: related.flatMap(RequestID.init(jsonText:)), params: kept)
    }
}

/// A change a listen stream may be told of (`subscriptions/listen`'s notification filter).
enum ListenChange: Hashable, Sendable {
    case tools, prompts, resources
    /// `notifications/resources/updated` of this URI.
    case resource(String)

    /// Whether a stream opened with `filter` asked for it.
    func isWanted(by filter: ListenFilter) -> Bool {
        switch self {
        case .tools: return filter.toolsListChanged
        case .prompts: return filter.promptsListChanged
        case .resources: return filter.resourcesListChanged
        case .resource(let uri): return filter.resourceSubscriptions.contains(uri)
        }
    }

    /// The notification's method and params (before the subscription's `_meta`).
    var notification: (method: String, params: JSONObject) {
        switch self {
        case .tools: return ("notifications/tools/list_changed", [:])
        case .prompts: return ("notifications/prompts/list_changed", [:])
        case .resources: return ("notifications/resources/list_changed", [:])
        case .resource(let uri): return ("notifications/resources/updated", ["uri": .string(uri)])
        }
    }
}
