import Catalog

/// Why a site could not be generated, with the file (and line) at fault — and, for a page that
/// failed, the pipeline step, the server and the tool (Publish's `PublishingError` carries its
/// step the same way); rendered for people by `description`, at the edge.
public indirect enum SiteError: Error, CustomStringConvertible, Sendable {
    /// The catalog folders have problems (every one, as `gatehouse catalog check` reports them).
    case catalog([CatalogProblem])
    /// Templates are missing, do not parse, or refer to something that does not exist (every
    /// problem found, each with its file and line).
    case templates([TemplateProblem])
    /// An attack pattern file is malformed.
    case attackPattern(file: String, line: Int?, message: String)
    /// The output folder could not be written.
    case output(path: String, message: String)
    /// A step of the pipeline failed for one server's pages (for one tool's, when `tool` is set).
    case page(step: GenerationStep, server: String, tool: String?, cause: SiteError)

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
        case .page(let step, let server, let tool, let cause):
            let what = tool.map { "tool '\($0)' of server '\(server)'" } ?? "server '\(server)'"
            return "\(step.rawValue), \(what): \(cause)"
        }
    }

    /// The step, server and tool of a page failure (nil for other errors).
    public var failedPage: (step: GenerationStep, server: String, tool: String?)? {
        guard case .page(let step, let server, let tool, _) = self else { return nil }
        return (step, server, tool)
    }
}

/// A step of the pipeline (``SiteGenerator``) that works on one server's pages, as an error names it.
public enum GenerationStep: String, Sendable, Equatable {
    case classifying = "classifying the tools"
    case preparing = "preparing the folders"
    case writingToolPage = "writing the page"
    case writingServerPage = "writing the server page and policy"
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
