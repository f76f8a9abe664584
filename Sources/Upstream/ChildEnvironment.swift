#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The environment a stdio upstream starts with, and where its command is found.
///
/// Like the official MCP SDKs, a child inherits only `HOME LOGNAME PATH SHELL TERM USER` from the
/// gateway, plus its configured `env`: the gateway's own secrets (database URLs, tokens) never
/// reach a third-party server.
public struct ChildEnvironment: Sendable, Equatable {
    /// The variables a child inherits from the gateway, when they are set.
    public static let inheritedNames = ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "USER"]

    public private(set) var variables: [String: String]

    /// The inherited variables of `parent` plus `configured` (which wins).
    public init(parent: [String: String], configured: [String: String]) {
        var variables: [String: String] = [:]
        for name in Self.inheritedNames {
            if let value = parent[name] { variables[name] = value }
        }
        variables.merge(configured) { _, configured in configured }
        self.variables = variables
    }

    /// The child's environment built from this process's environment.
    public static func forChild(configured: [String: String]) -> ChildEnvironment {
        ChildEnvironment(parent: currentProcessEnvironment(), configured: configured)
    }

    /// `NAME=value` strings in name order, for execve.
    public var entries: [String] {
        variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }

    /// The PATH a bare command name is looked up in (the child's, as `execvpe` would).
    public var searchPath: String {
        variables["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    }

    /// The executable `command` names: itself when it holds a `/`, else the first executable
    /// file of that name in ``searchPath``; nil when there is none.
    public func resolve(command: String, isExecutable: (String) -> Bool = Self.isExecutableFile) -> String? {
        guard !command.isEmpty else { return nil }
        if command.contains("/") { return command }
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let folder = directory.isEmpty ? "." : String(directory)
            let candidate = folder.hasSuffix("/") ? folder + command : folder + "/" + command
            if isExecutable(candidate) { return candidate }
        }
        return nil
    }

    public static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    static func currentProcessEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}
