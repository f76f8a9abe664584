import Catalog

/// Why a site could not be generated, with the file (and line) at fault; rendered for people by
/// `description`.
public enum SiteError: Error, CustomStringConvertible, Sendable {
    /// The catalog folders have problems (every one, as `gatehouse catalog check` reports them).
    case catalog([CatalogProblem])
    /// Templates are missing, do not parse, or refer to something that does not exist (every
    /// problem found, each with its file and line).
    case templates([TemplateProblem])
    /// An attack pattern file is malformed.
    case attackPattern(file: String, line: Int?, message: String)
    /// The output folder could not be written.
    case output(path: String, message: String)

    public var description: String {
        switch self {
        case .catalog(let problems):
            return problems.map(\.description).joined(separator: "\n")
        case .templates(let problems):
            return problems.map(\.description).joined(separator: "\n")
        case .attackPattern(let file, let line, let message):
            return "\(file)\(line.map { ":\($0)" } ?? ""): \(message)"
        case .output(let path, let message):
            return "\(path): \(message)"
        }
    }
}

/// A problem in a template: the file, the line and column when known, and what is wrong.
public struct TemplateProblem: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let line, line > 0, let column { location += ":\(column)" }
        return "\(location): \(message)"
    }
}
