import JSON

/// One thing wrong (or doubtful) in `gatehouse.json` or a policy file it names, and exactly where.
public struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable {
        /// The gateway does not start with this configuration.
        case error
        /// It starts, but the user should know (an ignored field, a server with no policy…).
        case warning
    }

    public var severity: Severity
    /// The file the pointer is in: the configuration, or a policy file.
    public var file: String
    public var pointer: JSONPointer
    public var message: String

    public init(_ severity: Severity = .error, file: String, at pointer: JSONPointer, _ message: String) {
        self.severity = severity
        self.file = file
        self.pointer = pointer
        self.message = message
    }

    /// `gatehouse.json: /mcpServers/twenty/args/1: expected a string`.
    public var description: String {
        "\(file): \(pointer): \(severity == .warning ? "warning: " : "")\(message)"
    }
}

/// A configuration the gateway cannot start with: every problem found, errors and warnings.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigurationProblem]

    public init(problems: [ConfigurationProblem]) {
        self.problems = problems
    }

    public var errors: [ConfigurationProblem] { problems.filter { $0.severity == .error } }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
