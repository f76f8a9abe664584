/// How far a server's annotations can be taken at their word.
///
/// MCP annotations are hints the server sets, often by library default. When a server marks a
/// tool both read-only and destructive — which the specification says cannot both mean
/// something — its `destructiveHint` values are evidently defaults, so only its
/// `readOnlyHint` is used, for every tool of that server.
public enum AnnotationTrust: Sendable, Equatable {
    /// Every hint is weighed (under the rules of docs/classification.md).
    case full
    /// `destructiveHint` is ignored; the reason says why.
    case readOnlyHintOnly(reason: String)

    /// The trust a server's own annotations earn.
    public static func of(_ server: CatalogServer) -> AnnotationTrust {
        let contradictions = server.tools.filter { $0.annotations.readOnlyHint == true && $0.annotations.destructiveHint == true }
        guard let example = contradictions.first else { return .full }
        return .readOnlyHintOnly(reason: "this server marks \(contradictions.count) read-only tool(s), such as '\(example.name)', destructive too, so its destructiveHint values are defaults")
    }

    public var trustsDestructiveHint: Bool { self == .full }
}
