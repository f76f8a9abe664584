import JSON

/// The gateway's answer to `server/discover`: its own revisions, and what the upstream said
/// of itself in its `initialize` result — capabilities, identity, instructions — less what the
/// gateway does not relay to a sessionless agent.
enum StatelessDiscovery {
    static let serverInfoKey = "io.modelcontextprotocol/serverInfo"

    /// The `DiscoverResult` (without `resultType` and the caching hints, which are stamped on
    /// like any result's) for a server whose upstream answered `initialize` with `initialize`.
    static func result(server: String, initialize: JSONValue) -> JSONValue {
        var result: JSONObject = [
            "supportedVersions": .array(ProtocolVersions.all.map(JSONValue.string)),
            "capabilities": .object(capabilities(from: initialize["capabilities"] ?? .emptyObject)),
        ]
        let info = initialize["serverInfo"]?.objectValue.map(JSONValue.object)
            ?? ["name": .string(server), "version": "unknown"]
        result["_meta"] = [serverInfoKey: info]
        if let instructions = initialize["instructions"]?.stringValue { result["instructions"] = .string(instructions) }
        return .object(result)
    }

    /// The upstream's capabilities as a sessionless agent gets them through the gateway:
    /// `logging` as the upstream has it (its log lines reach a request that opts in with `_meta`'s
    /// `logLevel`, see ``InterimRelay``); `tools.listChanged` always (the gateway's own policy reloads
    /// and pin changes reach `subscriptions/listen`); prompts' and resources' `listChanged` and
    /// `subscribe` as the upstream has them (its notifications reach listen streams); no `tasks`
    /// or `experimental` (their methods are not relayed).
    static func capabilities(from upstream: JSONValue) -> JSONObject {
        var out: JSONObject = [:]
        for (name, value) in upstream.objectValue ?? [:] {
            switch name {
            case "tools", "prompts", "resources":
                var feature = value.objectValue ?? [:]
                if name == "tools" { feature["listChanged"] = true }
                out[name] = .object(feature)
            case "completions", "logging":
                out[name] = value
            default:
                continue
            }
        }
        return out
    }
}
