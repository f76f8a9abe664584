import JSON
import Policy

/// One thing wrong (or doubtful) in `gatehouse.json` or a policy file it names, and exactly where.
public struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    /// `error`: the gateway does not start with this configuration; `warning`: it starts, but
    /// the user should know (an ignored field, a server with no policy…).
    public typealias Severity = PolicyProblem.Severity

    /// The file the pointer is in: the configuration, or a policy file.
    public var file: String
    /// What is wrong and where in that file — the shape the policy checker reports.
    public var problem: PolicyProblem

    public var severity: Severity { problem.severity }
    public var pointer: JSONPointer { problem.pointer }
    public var message: String { problem.message }

    public init(_ severity: Severity = .error, file: String, at pointer: JSONPointer, _ message: String) {
        self.init(file: file, PolicyProblem(severity, at: pointer, message))
    }

    public init(file: String, _ problem: PolicyProblem) {
        self.file = file
        self.problem = problem
    }

    /// `gatehouse.json: /mcpServers/twenty/args/1: must be a string, found a number`.
    public var description: String {
        "\(file): \(problem)"
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
