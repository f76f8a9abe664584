import JSON
import Policy

/// Recommends a policy rule for a tool from its classification — the threats it poses first
/// (``RecommendationRules``), then the category × level table (``RecommendationTable``) — with a
/// one-sentence summary of what the rule does for the page (docs/classification.md).
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

    private static func recommend(for tool: CatalogTool, classification c: ToolClassification, counter: String) -> Recommendation {
        let name = tool.name
        let decision = RecommendationRules.decide(c)
        let limit = Limit(counter: counter, window: .minute, max: Double(decision.perMinute), scope: .grant)
        // A write keeps its rate limit under every rule, so a loop cannot flood a queue of approvals either.
        let writeLimit: [Limit] = c.readOnly ? [] : [Limit(counter: counter, window: .minute, max: Double(writeLimitPerMinute(c)), scope: .grant)]
        var rule: ToolRule
        var summary: String
        switch decision.kind {
        case .allow:
            rule = ToolRule(action: .allow)
            summary = "\(name) is allowed, because \(decision.because)."
        case .limit:
            rule = ToolRule(limits: [limit])
            summary = "\(name) stays usable, but capped at \(decision.perMinute) calls a minute, because \(decision.because) — an agent stuck in a loop can't make hundreds of calls."
        case .hostCondition:
            let argument = c.arguments.url!
            let pathGuard = c.arguments.path.map { [ArgumentGuard.path($0)] } ?? []
            let reason = pathGuard.isEmpty
                ? "\(name) may only reach the hosts this policy lists; ask a person to add one."
                : "\(name) may only reach the hosts, and write inside the folders, this policy lists; ask a person for others."
            rule = ToolRule(reason: reason, conditions: [ArgumentGuard.host(argument)] + pathGuard, limits: writeLimit)
            summary = "\(name) may only reach \(ArgumentGuard.placeholderHost) until you list the hosts you trust in the condition on \(argument), because \(decision.because); a call to any other host is refused."
            if let path = c.arguments.path { summary += " It may only write under \(ArgumentGuard.placeholderFolder) (the condition on \(path)) until you name your folder." }
        case .pathCondition:
            let argument = c.arguments.path!
            rule = ToolRule(reason: "\(name) may only touch files inside the folders this policy lists; ask a person for others.", conditions: [ArgumentGuard.path(argument)], limits: writeLimit)
            summary = "\(name) may only touch files under \(ArgumentGuard.placeholderFolder) until you name your folder in the condition on \(argument), because \(decision.because); any other path is refused."
        case .credentialGuard:
            guard case .inputs(let paths)? = c.credentialChange else { fatalError("a credential guard needs credential inputs") }
            rule = ToolRule(
                reason: "\(name) may not change credentials (\(paths.map(\.description).joined(separator: ", "))) on its own; ask a person to make that change.",
                conditions: paths.map(ArgumentGuard.credentialAbsent), limits: writeLimit)
            summary = "\(name) stays usable and capped, but a call that sets \(EnglishList.of(paths.map(\.description))) is refused with a reason that sends it to a person, because those are credentials."
        case .approval, .approvalWithCap:
            rule = ToolRule(action: .requireApproval, limits: writeLimit)
            summary = "Every call to \(name) waits until a person approves it, because \(decision.because)."
            if decision.kind == .approvalWithCap {
                rule.conditions = AmountCaps.conditions(for: c.arguments, movesMoney: c.level == .critical)
                if let cap = rule.conditions.first, let value = cap.value {
                    let amount = JSONWriter().string(value)
                    rule.reason = "\(name) must state \(cap.path), at most \(amount) (in the currency's smallest unit); ask a person for more."
                    summary += " Calls where \(cap.path) is missing or over \(amount) are refused outright."
                }
            }
        case .deny:
            let reason = "\(name) is refused because \(decision.because); ask a person to run it, or change this rule to require approval."
            rule = ToolRule(action: .deny, reason: reason)
            summary = "\(name) is denied, with a reason the agent can read, because \(decision.because)."
        }
        return Recommendation(key: name, rule: rule, summary: summary, kind: decision.kind, because: decision.because)
    }

    /// The rate a write keeps under any rule: 30 a minute, 10 for a message or a high-risk write.
    private static func writeLimitPerMinute(_ c: ToolClassification) -> Int {
        if c.category == .communicate || c.level >= .high { return 10 }
        return 30
    }
}
