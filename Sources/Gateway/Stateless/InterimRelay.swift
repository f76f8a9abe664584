import JSON
import NIOCore

/// How one pooled request's request-scoped notifications (progress, logging) reach its agent.
///
/// On a shared connection two agents may pick the same progress token, so the upstream never
/// sees the agent's: the gateway sends its own request id as the token and maps it back here.
struct InterimRelay: Sendable {
    /// The agent's `_meta.progressToken`; nil when it asked for no progress.
    var agentToken: RequestID?
    /// Writes a message onto the agent's response stream; nil when its answer is one JSON
    /// object, which has no room for notifications (they are dropped).
    var send: StatelessGateway.InterimSink?
    /// The agent's `_meta` log level: log messages at it or above reach the stream; nil: none do
    /// (a 2026-07-28 request without the key opts out of logging).
    var logLevel: LoggingLevel?

    /// `params` with `_meta.progressToken` replaced by `token`; nil when `params` is not a JSON object.
    static func replacingProgressToken(in params: ByteBuffer, with token: RequestID) -> ByteBuffer? {
        guard case .object(var object)? = try? JSONParser.parse(bytes: params.readableBytesView, duplicateKeys: .lastWins) else {
            return nil
        }
        var meta = object["_meta"]?.objectValue ?? [:]
        meta["progressToken"] = token.jsonValue
        object["_meta"] = .object(meta)
        return ByteBuffer(string: JSONWriter().string(.object(object)))
    }

    /// A `notifications/message` for the agent — the upstream's vetted `params` — when it asked
    /// for messages of that level; nil otherwise.
    func log(_ params: JSONObject) -> ByteBuffer? {
        guard let wanted = logLevel, let level = params["level"]?.stringValue.flatMap(LoggingLevel.init(rawValue:)),
              level >= wanted else { return nil }
        return GatewayMessages.notification(method: "notifications/message", params: .object(params))
    }

    /// A `notifications/progress` for the agent: the upstream's vetted `params` under the agent's token.
    func progress(_ params: JSONObject) -> ByteBuffer? {
        guard let agentToken else { return nil }
        var members: JSONObject = ["progressToken": agentToken.jsonValue]
        for (key, value) in params { members[key] = value }
        return GatewayMessages.notification(method: "notifications/progress", params: .object(members))
    }
}
