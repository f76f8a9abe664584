import JSON

/// Why a 2026-07-28 request is refused before anything else looks at it: the transport's
/// header checks and the revision it asks for. Each is a 400 with its own JSON-RPC code.
public enum StatelessProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// MCP's HeaderMismatch (-32020): a required header is missing or malformed, or says
    /// something other than the body (a load balancer routing on one, the upstream acting on
    /// the other, is what the check prevents).
    case headerMismatch(String)
    /// MCP's UnsupportedProtocolVersion (-32022): `data.supported` lists what the gateway speaks.
    case unsupportedVersion(String)
    /// A request whose `_meta` lacks what every 2026-07-28 request carries (its client
    /// capabilities): -32602 Invalid params.
    case incompleteMeta(String)

    public var code: Int {
        switch self {
        case .headerMismatch: return JSONRPCErrorCode.headerMismatch
        case .unsupportedVersion: return JSONRPCErrorCode.unsupportedProtocolVersion
        case .incompleteMeta: return JSONRPCErrorCode.invalidParams
        }
    }

    /// The audit row's `problem` and the metric's label.
    public var rule: String {
        switch self {
        case .headerMismatch: return "header_mismatch"
        case .unsupportedVersion: return "unsupported_version"
        case .incompleteMeta: return "incomplete_meta"
        }
    }

    public var description: String {
        switch self {
        case .headerMismatch(let detail): return "Header mismatch: \(detail)"
        case .unsupportedVersion(let version): return ProtocolVersions.unsupportedMessage(version)
        case .incompleteMeta(let detail): return "Invalid params: \(detail)"
        }
    }

    /// The error's `data` (the supported revisions, for an unsupported one).
    public var data: JSONValue? {
        switch self {
        case .headerMismatch, .incompleteMeta: return nil
        case .unsupportedVersion(let version): return ProtocolVersions.unsupportedData(version)
        }
    }
}
