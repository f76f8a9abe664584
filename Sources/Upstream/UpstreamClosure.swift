/// Why an upstream connection ended, for logs, audit rows and the error an agent reads.
public struct UpstreamClosure: Sendable, Equatable, CustomStringConvertible {
    public enum Cause: Sendable, Equatable {
        /// The process exited by itself with this status.
        case exited(status: Int32)
        /// A signal ended the process (not one we sent while closing).
        case killed(signal: Int32)
        /// The process closed its stdout but kept running; it was terminated.
        case closedStdout
        /// `close()` was called.
        case closedByGatehouse
        /// The HTTP upstream answered 404 for our session: it no longer knows it.
        case sessionExpired
        /// The upstream broke the protocol badly enough that the connection cannot go on
        /// (a line over the size limit, a stalled stdin); the process was killed.
        case protocolViolation(String)
        /// The transport failed (HTTP connection refused, pipe error).
        case transportFailed(String)
    }

    /// The server's configured name.
    public var server: String
    public var cause: Cause
    /// The last lines the process wrote on stderr (stdio upstreams), oldest first: often the
    /// reason it died (a Python traceback's last line, "command not found").
    public var recentStderr: [String]

    public init(server: String, cause: Cause, recentStderr: [String] = []) {
        self.server = server
        self.cause = cause
        self.recentStderr = recentStderr
    }

    /// One line a person can act on, e.g. `upstream time exited with status 1 (stderr: ...)`.
    public var description: String {
        let what: String
        switch cause {
        case .exited(let status): what = "exited with status \(status)"
        case .killed(let signal): what = "was killed by signal \(signal) (\(Self.signalName(signal)))"
        case .closedStdout: what = "closed its stdout while still running, so it was stopped"
        case .closedByGatehouse: what = "was closed by gatehouse"
        case .sessionExpired: what = "session expired (the server answered 404 for it)"
        case .protocolViolation(let reason): what = "broke the protocol: \(reason)"
        case .transportFailed(let reason): what = "connection failed: \(reason)"
        }
        let stderr = recentStderr.isEmpty ? "" : " (last stderr: \(recentStderr.joined(separator: " | ")))"
        return "upstream \(server) \(what)\(stderr)"
    }

    private static func signalName(_ signal: Int32) -> String {
        switch signal {
        case 1: "SIGHUP"
        case 2: "SIGINT"
        case 6: "SIGABRT"
        case 9: "SIGKILL"
        case 11: "SIGSEGV"
        case 13: "SIGPIPE"
        case 15: "SIGTERM"
        default: "signal \(signal)"
        }
    }
}
