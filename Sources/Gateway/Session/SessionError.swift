/// Why a session could not pass a request on.
public enum SessionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The session was closed (DELETE, idle timeout, shutdown).
    case closed
    /// A request other than `initialize` arrived before the session was initialized.
    case notInitialized
    /// The upstream could not be started or reached, or refused the replayed `initialize`.
    case upstreamUnavailable(server: String, reason: String)
    /// The agent reused the id (JSON text) of a request still in flight.
    case duplicateRequest(String)

    /// The JSON-RPC error code the agent gets.
    public var code: Int {
        switch self {
        case .closed, .notInitialized, .duplicateRequest: return JSONRPCErrorCode.invalidRequest
        case .upstreamUnavailable: return JSONRPCErrorCode.internalError
        }
    }

    public var description: String {
        switch self {
        case .closed: return "the session has ended; start a new one with initialize"
        case .notInitialized: return "the session is not initialized: send initialize first"
        case .upstreamUnavailable(let server, let reason): return "upstream \(server) is unavailable: \(reason)"
        case .duplicateRequest(let id): return "Invalid Request: request id \(id) is already in flight in this session"
        }
    }
}
