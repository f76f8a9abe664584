import Foundation
import JSON
import Policy

/// A policy file read and checked, with the fingerprint it had just before it was read.
public struct LoadedPolicy: Sendable {
    public var path: String
    public var document: PolicyDocument
    /// Taken before reading, so a change made during the read is still noticed later.
    public var fingerprint: FileFingerprint?

    public init(path: String, document: PolicyDocument, fingerprint: FileFingerprint?) {
        self.path = path
        self.document = document
        self.fingerprint = fingerprint
    }
}

/// Everything `gatehouse.json` leads to: the configuration, each server's checked policy,
/// and every problem in any of those files.
public struct ConfigurationLoadResult: Sendable {
    /// Present only when neither the configuration nor any policy file has an error.
    public var configuration: GatewayConfiguration?
    /// Keyed by server name; servers without a policy file are absent.
    public var policies: [String: LoadedPolicy]
    public var problems: [ConfigurationProblem]

    public var errors: [ConfigurationProblem] { problems.filter { $0.severity == .error } }
    public var warnings: [ConfigurationProblem] { problems.filter { $0.severity == .warning } }

    /// The configuration and its policies, or every problem as one error.
    public func get() throws(ConfigurationError) -> (configuration: GatewayConfiguration, policies: [String: LoadedPolicy]) {
        guard let configuration else { throw ConfigurationError(problems: problems) }
        return (configuration, policies)
    }
}

/// Reads `gatehouse.json` and every policy file it names: the gateway starts fully configured
/// or not at all.
public enum ConfigurationLoader {
    /// The configuration file used when none is named.
    public static let defaultFile = "gatehouse.json"

    /// Reads the configuration file alone, without its policy files (for commands that only
    /// need the server names or the store).
    public static func parse(file: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ConfigurationParseResult {
        guard let data = FileManager.default.contents(atPath: file) else {
            let reason = FileManager.default.fileExists(atPath: file) ? "cannot read the file" : "no such file"
            return ConfigurationParseResult(configuration: nil, problems: [ConfigurationProblem(file: file, at: .root, reason)])
        }
        return ConfigurationParser.parse(text: String(decoding: data, as: UTF8.self), file: file, environment: environment)
    }

    /// Reads the configuration and checks every policy file it names.
    public static func load(file: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> ConfigurationLoadResult {
        let parsed = parse(file: file, environment: environment)
        var problems = parsed.problems
        var policies: [String: LoadedPolicy] = [:]
        let serversKey = parsed.draft?.serversKey ?? "mcpServers"
        for server in parsed.draft?.servers ?? [] {
            guard let path = server.policyPath else { continue }
            switch readPolicy(at: path) {
            case .success(let (loaded, warnings)):
                policies[server.name] = loaded
                problems += warnings.map { ConfigurationProblem(file: path, $0) }
            case .failure(.unreadable(let reason)):
                problems.append(ConfigurationProblem(file: file, at: JSONPointer([serversKey, server.name, "policy"]), "cannot read \(path): \(reason)"))
            case .failure(.invalid(let policyProblems)):
                problems += policyProblems.map { ConfigurationProblem(file: path, $0) }
            }
        }
        let hasErrors = problems.contains { $0.severity == .error }
        return ConfigurationLoadResult(configuration: hasErrors ? nil : parsed.configuration, policies: hasErrors ? [:] : policies,
                                       problems: problems)
    }

    /// Why a policy file could not be used.
    public enum PolicyFileProblem: Error, Sendable {
        case unreadable(String)
        /// Every problem the checker found (errors and warnings).
        case invalid([PolicyProblem])
    }

    /// Reads and checks one policy file; on success also returns the checker's warnings.
    public static func readPolicy(at path: String) -> Result<(LoadedPolicy, [PolicyProblem]), PolicyFileProblem> {
        let fingerprint = FileFingerprint.of(path: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(.unreadable(FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file"))
        }
        let result = PolicyChecker.check(text: String(decoding: data, as: UTF8.self))
        guard let document = result.document else { return .failure(.invalid(result.problems)) }
        return .success((LoadedPolicy(path: path, document: document, fingerprint: fingerprint), result.warnings))
    }
}
