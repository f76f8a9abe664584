import Catalog

/// One documented way agents' access gets abused, from `content/attack-patterns/<id>.md`
/// (format: docs/site.md), and which tools it concerns.
public struct AttackPattern: Sendable, Equatable {
    /// The file name without `.md`: lowercase letters, digits and `-`; the page's folder.
    public var id: String
    public var title: String
    /// One sentence for the tool pages that list it.
    public var summary: String
    /// Project-authored Markdown (still rendered by cmark in safe mode).
    public var body: String
    /// Lower comes first on a page; then the id.
    public var order: Int
    public var criteria: Criteria
    /// The rules that answer the pattern: a tool it concerns must be recommended one of these
    /// (`gatehouse catalog lint`). Empty: any rule does.
    public var answeredBy: [RuleAnswer] = []

    /// Which tools a pattern concerns. Every criterion given must hold (a list holds when any of
    /// its values does); a pattern with no criteria concerns every tool.
    public struct Criteria: Sendable, Equatable {
        public var categories: [ToolCategory] = []
        public var levels: [RiskLevel] = []
        public var sensitivities: [Sensitivity] = []
        public var openWorld: Bool?
        public var destructive: Bool?
        public var readOnly: Bool?
        /// Only tools whose definition speaks to the model (``ToolClassification/poisoning``).
        public var poisoned: Bool?
        /// Only tools that take these inputs: `url`, `path`.
        public var takes: [TakenInput] = []

        public init() {}

        public func matches(_ classification: ToolClassification) -> Bool {
            (categories.isEmpty || categories.contains(classification.category))
                && (levels.isEmpty || levels.contains(classification.level))
                && (sensitivities.isEmpty || sensitivities.contains(where: classification.sensitivity.contains))
                && (openWorld.map { $0 == classification.openWorld } ?? true)
                && (destructive.map { $0 == classification.destructive } ?? true)
                && (readOnly.map { $0 == classification.readOnly } ?? true)
                && (poisoned.map { $0 == !classification.poisoning.isEmpty } ?? true)
                && takes.allSatisfy { $0.isTaken(by: classification) }
        }

        /// "write, destructive tools; touching credentials" — for the pattern's page.
        public var sentence: String {
            var parts: [String] = []
            if !categories.isEmpty { parts.append(categories.map(\.displayName).joined(separator: ", ") + " tools") }
            if !levels.isEmpty { parts.append("at " + levels.map { $0.rawValue }.joined(separator: " or ") + " risk") }
            if !sensitivities.isEmpty { parts.append("touching " + sensitivities.map { $0.displayName.lowercased() }.joined(separator: " or ")) }
            if let openWorld { parts.append(openWorld ? "reaching outside systems" : "not reaching outside systems") }
            if let destructive { parts.append(destructive ? "that can destroy data" : "that destroy nothing") }
            if let readOnly { parts.append(readOnly ? "that only read" : "that change something") }
            if let poisoned { parts.append(poisoned ? "whose definitions speak to the model" : "whose definitions do not speak to the model") }
            for input in takes { parts.append(input.phrase) }
            return parts.isEmpty ? "every tool" : parts.joined(separator: ", ")
        }
    }

    public init(id: String, title: String, summary: String, body: String, order: Int = 100, criteria: Criteria = Criteria()) {
        self.id = id
        self.title = title
        self.summary = summary
        self.body = body
        self.order = order
        self.criteria = criteria
    }
}
