import JSON
import NIOCore

/// Which MCP revisions the gateway speaks with agents, and what it answers to the others.
///
/// Two eras: the initialize-era revisions, whose `initialize` and result the gateway forwards
/// unchanged (agent and upstream settle the revision between them; the gateway checks the
/// `MCP-Protocol-Version` header on later requests, see docs/notes/mcp-transport.md §2 and §8),
/// and the sessionless 2026-07-28, where every request names its revision in `_meta` and the
/// gateway answers `server/discover` itself (``StatelessGateway``).
public enum ProtocolVersions {
    /// The initialize-era revisions, newest first.
    public static let supported = ["2025-11-25", "2025-06-18", "2025-03-26"]

    /// The sessionless revision (no initialize, `server/discover`, `_meta` on every request).
    public static let sessionless = "2026-07-28"

    /// Every revision the gateway speaks, newest first: `server/discover`'s `supportedVersions`
    /// and the -32022 answer's `data.supported`.
    public static let all = [sessionless] + supported

    /// Accepted in the header: the supported revisions, and 2024-11-05 should an upstream settle
    /// on it (the messages are the same; only the old HTTP+SSE transport differs, which the
    /// agent is not using if it reached us).
    public static let acceptedInHeader: Set<String> = Set(supported + ["2024-11-05"])

    /// What a request without the header is assumed to speak (the 2025-06-18 rule).
    public static let assumedWithoutHeader = "2025-03-26"

    /// Whether a request's `MCP-Protocol-Version` header is an acceptable initialize-era one (absent is).
    public static func accepts(header: String?) -> Bool {
        guard let header else { return true }
        return acceptedInHeader.contains(header)
    }

    /// Whether a request speaks the sessionless revision: its header says so, or it has no
    /// header and its body names a revision in `_meta` (then the missing header is its error).
    public static func isSessionless(header: String?, message: JSONRPCMessage) -> Bool {
        if let header { return header == sessionless }
        return message.metaProtocolVersion != nil
    }

    /// What is wrong with the revision a sessionless request's body names, when its transport
    /// (the HTTP header; on stdio the body itself) says `transportVersion`, or with the rest of
    /// its `_meta` (a request must declare its client capabilities).
    public static func bodyProblem(_ message: JSONRPCMessage, transportVersion: String) -> StatelessProblem? {
        guard let body = message.metaProtocolVersion else {
            return .headerMismatch("params._meta is missing io.modelcontextprotocol/protocolVersion (MCP-Protocol-Version is \(transportVersion))")
        }
        guard body == transportVersion else {
            return .headerMismatch("MCP-Protocol-Version header value '\(transportVersion)' does not match body value '\(body)'")
        }
        guard body == sessionless else { return .unsupportedVersion(body) }
        if message.kind == .request, !message.metaDeclaresClientCapabilities {
            return .incompleteMeta("params._meta must carry io.modelcontextprotocol/clientCapabilities (an object) on every \(sessionless) request")
        }
        return nil
    }

    /// The message of the 400 answer to an unsupported revision: it names what the gateway speaks.
    public static func unsupportedMessage(_ version: String) -> String {
        "Unsupported protocol version \(version); this server speaks \(sessionless) (stateless) and \(supported.joined(separator: ", ")) (via initialize)"
    }

    /// `data` of the -32022 answer: the revisions the gateway speaks and the one asked for
    /// (`UnsupportedProtocolVersionErrorData` in the 2026-07-28 schema).
    public static func unsupportedData(_ version: String) -> JSONValue {
        .object(["supported": .array(all.map(JSONValue.string)), "requested": .string(version)])
    }

    /// The whole -32022 error answer to a request that asked for `version`.
    public static func unsupportedError(id: RequestID?, version: String) -> ByteBuffer {
        GatewayMessages.error(id: id, code: JSONRPCErrorCode.unsupportedProtocolVersion,
                              message: unsupportedMessage(version), data: unsupportedData(version))
    }

    /// Methods of the sessionless revision that must never reach an upstream inside a session:
    /// a dual-era upstream would answer and switch the agent to an era the session cannot police.
    public static func isSessionlessOnly(method: String) -> Bool {
        method == "server/discover" || method == "subscriptions/listen"
    }
}
