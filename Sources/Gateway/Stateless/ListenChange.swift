import JSON

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
