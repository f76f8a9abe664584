/// Why an upstream could not be started or written to. Every case names the server.
public enum UpstreamError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The command is not a path to an executable and is not found on the child's PATH.
    case commandNotFound(server: String, command: String, searchPath: String)
    /// The process could not be started (`stage` says which step failed: "exec", "fork"...).
    case launchFailed(server: String, command: String, stage: String, reason: String)
    /// The connection is already closed; `closure` says why.
    case closed(UpstreamClosure)
    /// Writing a message failed.
    case writeFailed(server: String, reason: String)
    /// The configuration cannot work (a URL that is not http(s), a header that is not valid).
    case invalidConfiguration(server: String, reason: String)

    public var server: String {
        switch self {
        case .commandNotFound(let server, _, _), .launchFailed(let server, _, _, _), .writeFailed(let server, _),
            .invalidConfiguration(let server, _):
            server
        case .closed(let closure): closure.server
        }
    }

    public var description: String {
        switch self {
        case .commandNotFound(let server, let command, let searchPath):
            "upstream \(server): command '\(command)' not found (searched PATH=\(searchPath)); give a full path or set PATH in the server's env"
        case .launchFailed(let server, let command, let stage, let reason):
            "upstream \(server): cannot start '\(command)': \(stage) failed: \(reason)"
        case .closed(let closure):
            "\(closure)"
        case .writeFailed(let server, let reason):
            "upstream \(server): cannot send: \(reason)"
        case .invalidConfiguration(let server, let reason):
            "upstream \(server): \(reason)"
        }
    }
}
