import JSON
import NIOCore

/// Which MCP revisions the gateway speaks with agents, and what it answers to the others.
///
/// The gateway forwards `initialize` and its result unchanged, so agent and upstream settle the
/// revision between them; the gateway only checks the `MCP-Protocol-Version` header on later
/// requests (see docs/notes/mcp-transport.md §2 and §8).
public enum ProtocolVersions {
    /// The initialize-era revisions, newest first.
    public static let supported = ["2025-11-25", "2025-06-18", "2025-03-26"]

    /// Accepted in the header: the supported revisions, and 2024-11-05 should an upstream settle
    /// on it (the messages are the same; only the old HTTP+SSE transport differs, which the
    /// agent is not using if it reached us).
    public static let acceptedInHeader: Set<String> = Set(supported + ["2024-11-05"])

    /// What a request without the header is assumed to speak (the 2025-06-18 rule).
    public static let assumedWithoutHeader = "2025-03-26"

    /// The sessionless revision (no initialize, `server/discover`), which the gateway does not speak.
    public static let sessionless = "2026-07-28"

    /// Whether a request's `MCP-Protocol-Version` header is acceptable (absent is).
    public static func accepts(header: String?) -> Bool {
        guard let header else { return true }
        return acceptedInHeader.contains(header)
    }

    /// The message of the 400 answer to an unsupported revision: it names what the gateway
    /// speaks, so a dual-era client falls back to `initialize` and others fail clearly.
    public static func unsupportedMessage(_ version: String) -> String {
        "Unsupported protocol version \(version); this server speaks \(supported.joined(separator: ", ")) via initialize"
    }

    /// `data` of the -32022 answer: the revisions the gateway speaks and the one asked for
    /// (`UnsupportedProtocolVersionErrorData` in the 2026-07-28 schema). The Python SDK's
    /// `mode="auto"` reads `supported` and falls back to `initialize` when it lists only
    /// initialize-era revisions.
    public static func unsupportedData(_ version: String) -> JSONValue {
        .object(["supported": .array(supported.map(JSONValue.string)), "requested": .string(version)])
    }

    /// The whole -32022 error answer to a request that asked for `version`.
    public static func unsupportedError(id: RequestID?, version: String) -> ByteBuffer {
        GatewayMessages.error(id: id, code: JSONRPCErrorCode.unsupportedProtocolVersion,
                              message: unsupportedMessage(version), data: unsupportedData(version))
    }

    /// Methods of the sessionless revision that must never reach an upstream: a dual-era
    /// upstream would answer and switch the agent to an era the gateway cannot police.
    public static func isSessionlessOnly(method: String) -> Bool {
        method == "server/discover" || method == "subscriptions/listen"
    }
}
