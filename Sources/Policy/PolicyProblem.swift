import JSON

/// One thing wrong (or suspicious) in a policy, and exactly where.
public struct PolicyProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable {
        /// The policy cannot be used.
        case error
        /// The policy works, but probably not as intended (a rule for a tool the server lacks).
        case warning
    }

    public var severity: Severity
    public var pointer: JSONPointer
    public var message: String

    public init(_ severity: Severity = .error, at pointer: JSONPointer, _ message: String) {
        self.severity = severity
        self.pointer = pointer
        self.message = message
    }

    /// `/tools/X/limits/0/window: …`, as the checker prints it after the file name.
    public var description: String {
        "\(pointer): \(severity == .warning ? "warning: " : "")\(message)"
    }
}

/// A policy that could not be loaded, with every problem found.
public struct PolicyError: Error, Sendable, CustomStringConvertible {
    /// Where the policy came from (a file path), when known.
    public var source: String?
    public var problems: [PolicyProblem]

    public init(source: String? = nil, problems: [PolicyProblem]) {
        self.source = source
        self.problems = problems
    }

    public var description: String {
        problems.map { problem in
            source.map { "\($0): \(problem)" } ?? problem.description
        }.joined(separator: "\n")
    }
}
