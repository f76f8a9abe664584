import Catalog
import Upstream

/// Why an import failed, with what the server left behind to explain it.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The command is wrong or the URL unusable.
        case cannotConnect(UpstreamError)
        /// A request failed: a JSON-RPC error, the server exited, no answer within the timeout.
        case requestFailed(MCPClientError)
        /// The tools the server listed would not make a valid catalog file.
        case invalidServerFile([CatalogProblem])
    }

    public var reason: Reason
    /// Clues from the server: lines it printed on stdout that were not messages, its last
    /// stderr lines.
    public var clues: [String]

    public init(_ reason: Reason, clues: [String] = []) {
        self.reason = reason
        self.clues = clues
    }

    public var description: String {
        let main: String
        switch reason {
        case .cannotConnect(let error): main = "\(error)"
        case .requestFailed(let error): main = "\(error)"
        case .invalidServerFile(let problems):
            main = "the server's tools would not make a valid catalog file:\n"
                + problems.map { "  \($0.pointer): \($0.message)" }.joined(separator: "\n")
        }
        return ([main] + clues.map { "  \($0)" }).joined(separator: "\n")
    }
}
