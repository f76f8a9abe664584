extension Sensitivity {
    /// The data itself, for sentences: "it returns messages an agent could pass on".
    var dataNoun: String {
        switch self {
        case .credentials: return "secrets"
        case .personalData: return "personal data"
        case .financial: return "financial data"
        case .infrastructure: return "details of running systems"
        case .sourceCode: return "source code"
        case .communications: return "messages"
        case .files: return "file contents"
        }
    }
}
