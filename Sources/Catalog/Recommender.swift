import JSON
import Policy

/// Recommends a policy rule for a tool from its classification, by ``RecommendationTable``
/// (docs/classification.md), with a one-sentence summary of what the rule does for the page.
public enum Recommender {
    /// The counter a tool's limit counts on: lowercased name + `_rate`, as in the seed policy.
    public static func counterName(for toolName: String) -> String {
        toolName.lowercased() + "_rate"
    }

    public static func recommend(for tool: CatalogTool, classification: ToolClassification) -> Recommendation {
        recommend(for: tool, classification: classification, counter: counterName(for: tool.name))
    }

    /// Whether a policy can name the tool exactly. A `*` in a rule key is a wildcard, so a tool
    /// named `get*` (or, from a hostile server, `*`) would make its rule apply to other tools too.
    public static func canBeNamedInPolicy(_ toolName: String) -> Bool {
        !toolName.isEmpty && !toolName.contains("*")
    }

    /// The whole server's recommended policy: default deny, every tool with its rule, in the
    /// server's order. Annotations are trusted as far as the server earns (``AnnotationTrust``).
    /// Tools whose names cannot be written as an exact key (``canBeNamedInPolicy(_:)``) are left
    /// out, so the default denies them.
    public static func serverPolicy(for server: CatalogServer) -> PolicyDocument {
        PolicyDocument(defaultAction: .deny, tools: serverRecommendations(for: server).map { ($0.key, $0.rule) })
    }

    /// Every tool's recommendation on a server. Tools whose names differ only in case get
    /// distinct counters (`get_rate`, `get_rate_2`), so no two rules share a budget by accident.
    public static func serverRecommendations(for server: CatalogServer) -> [Recommendation] {
        serverRecommendations(for: server, classifications: Classifier.classifyAll(server))
    }

    /// The same, from classifications already made (`Classifier.classifyAll(server)`, in the
    /// server's order), so a caller that needs both classifies each tool once.
    public static func serverRecommendations(for server: CatalogServer, classifications: [ToolClassification]) -> [Recommendation] {
        precondition(classifications.count == server.tools.count, "one classification per tool, in the server's order")
        var used: Set<String> = []
        return zip(server.tools, classifications).filter { canBeNamedInPolicy($0.0.name) }.map { tool, classification in
            var counter = counterName(for: tool.name)
            var suffix = 2
            while used.contains(counter) {
                counter = counterName(for: tool.name) + "_\(suffix)"
                suffix += 1
            }
            used.insert(counter)
            return recommend(for: tool, classification: classification, counter: counter)
        }
    }

    private static func recommend(for tool: CatalogTool, classification: ToolClassification, counter: String) -> Recommendation {
        let name = tool.name
        let kind = RecommendationTable.kind(for: classification.category, level: classification.level)
        switch kind {
        case .allow:
            return Recommendation(
                key: name, rule: ToolRule(action: .allow),
                summary: "\(name) is allowed, because it only reads; everything else on the server stays denied unless you say otherwise.")
        case .limit(let perMinute):
            let rule = ToolRule(limits: [Limit(counter: counter, window: .minute, max: Double(perMinute), scope: .grant)])
            let what = classification.category == .communicate ? "send more than \(perMinute) messages" : "make more than \(perMinute) changes"
            return Recommendation(
                key: name, rule: rule,
                summary: "\(name) stays usable, but capped — an agent stuck in a loop can't \(what) a minute.")
        case .requireApproval:
            var rule = ToolRule(action: .requireApproval)
            var summary = "Every call to \(name) waits until a person approves it, because \(approvalReason(classification))."
            if classification.category == .financial {
                rule.conditions = AmountCaps.conditions(for: tool, movesMoney: classification.level == .critical)
                if let cap = rule.conditions.first, let value = cap.value {
                    let limit = JSONWriter().string(value)
                    rule.reason = "\(name) must state \(cap.path), at most \(limit) (in the currency's smallest unit); ask a person for more."
                    summary = "Every call to \(name) waits until a person approves it, and calls where \(cap.path) is missing or over \(limit) are refused outright."
                }
            }
            return Recommendation(key: name, rule: rule, summary: summary)
        case .deny:
            let reason = "\(name) runs code or commands chosen by the caller; ask a person to run it, or change this rule to require approval."
            return Recommendation(
                key: name, rule: ToolRule(action: .deny, reason: reason),
                summary: "\(name) is denied, with a reason the agent can read, because it runs whatever code or commands it is given.")
        }
    }

    private static func approvalReason(_ classification: ToolClassification) -> String {
        switch classification.category {
        case .read: return "what it returns can include secrets"
        case .write: return "one call changes a great deal"
        case .communicate: return "what it sends reaches people and cannot be unsent"
        case .destructive: return "what it destroys cannot be brought back"
        case .execute: return "it starts work that runs code on your systems"
        case .financial: return "it moves money or changes what someone is billed"
        case .admin: return "it changes who can do what"
        }
    }
}
