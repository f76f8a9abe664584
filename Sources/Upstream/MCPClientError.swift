import JSON

/// Why an MCP request made by ``MCPClient`` failed. Every case names the server and method.
public enum MCPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No response within the timeout.
    case timedOut(server: String, method: String, timeout: Duration)
    /// The connection ended before the response.
    case connectionClosed(server: String, method: String, closure: UpstreamClosure)
    /// The request could not be sent.
    case sendFailed(method: String, UpstreamError)
    /// The server answered with a JSON-RPC error.
    case rpcError(server: String, method: String, code: Int64, message: String)
    /// The server answered something that is not what the method returns.
    case invalidResult(server: String, method: String, reason: String)
    /// The task waiting for the response was cancelled.
    case cancelled(server: String, method: String)

    public var description: String {
        switch self {
        case .timedOut(let server, let method, let timeout):
            "upstream \(server) did not answer \(method) within \(timeout)"
        case .connectionClosed(let server, let method, let closure):
            "upstream \(server) closed the connection before answering \(method): \(closure)"
        case .sendFailed(let method, let error):
            "cannot send \(method): \(error)"
        case .rpcError(let server, let method, let code, let message) where message.hasPrefix("upstream \(server) "):
            // Written by our own transport on the request's behalf (HTTP error, unreachable server).
            "\(message) (answering \(method), error \(code))"
        case .rpcError(let server, let method, let code, let message):
            "upstream \(server) answered \(method) with error \(code): \(message)"
        case .invalidResult(let server, let method, let reason):
            "upstream \(server) answered \(method) with an invalid result: \(reason)"
        case .cancelled(let server, let method):
            "the \(method) request to upstream \(server) was cancelled"
        }
    }
}
