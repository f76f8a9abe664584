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
    /// A retry's `requestState` that the gateway issued fails verification (altered, expired,
    /// or issued for another call): -32602 Invalid params, the specification naming no code of its own.
    case invalidRequestState(RequestStateProblem)
    /// `Mcp-Param-*` headers the gateway will not pass on (too many, too large, or a value with
    /// bytes no header value may hold, see ``AgentParamHeaders``): -32600 Invalid Request.
    case unforwardableHeader(String)

    public var code: Int {
        switch self {
        case .headerMismatch: return JSONRPCErrorCode.headerMismatch
        case .unsupportedVersion: return JSONRPCErrorCode.unsupportedProtocolVersion
        case .incompleteMeta, .invalidRequestState: return JSONRPCErrorCode.invalidParams
        case .unforwardableHeader: return JSONRPCErrorCode.invalidRequest
        }
    }

    /// The audit row's `problem` and the metric's label.
    public var rule: String {
        switch self {
        case .headerMismatch: return "header_mismatch"
        case .unsupportedVersion: return "unsupported_version"
        case .incompleteMeta: return "incomplete_meta"
        case .invalidRequestState(let problem): return problem.rule
        case .unforwardableHeader: return "unforwardable_header"
        }
    }

    public var description: String {
        switch self {
        case .headerMismatch(let detail): return "Header mismatch: \(detail)"
        case .unsupportedVersion(let version): return ProtocolVersions.unsupportedMessage(version)
        case .incompleteMeta(let detail): return "Invalid params: \(detail)"
        case .invalidRequestState(let problem): return problem.description
        case .unforwardableHeader(let detail): return "Invalid Request: \(detail)"
        }
    }

    /// The error's `data` (the supported revisions, for an unsupported one).
    public var data: JSONValue? {
        switch self {
        case .headerMismatch, .incompleteMeta, .unforwardableHeader: return nil
        case .unsupportedVersion(let version): return ProtocolVersions.unsupportedData(version)
        case .invalidRequestState(let problem): return ["reason": "invalid_request_state", "problem": .string(problem.rule)]
        }
    }
}
