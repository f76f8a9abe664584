import Catalog

/// An input an attack pattern needs a tool to take (`takes: url, path` in its header).
public enum TakenInput: String, Sendable, Equatable, CaseIterable {
    /// A URL it will request.
    case url
    /// A file or folder path it will read or write.
    case path

    func isTaken(by classification: ToolClassification) -> Bool {
        switch self {
        case .url: return classification.arguments.url != nil
        case .path: return classification.arguments.path != nil
        }
    }

    var phrase: String {
        switch self {
        case .url: return "taking a URL"
        case .path: return "taking a file path"
        }
    }
}
