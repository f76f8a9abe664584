import Policy

/// Recommends a policy rule for a tool from its classification (docs/classification.md).
///
/// PLACEHOLDER: the catalog issue implements the documented category × level table.
public enum Recommender {
    public static func recommend(for tool: CatalogTool, classification: ToolClassification) -> Recommendation {
        let counter = tool.name.lowercased() + "_rate"
        let rule = ToolRule(limits: [Limit(counter: counter, window: .minute, max: 30, scope: .grant)])
        return Recommendation(key: tool.name, rule: rule, summary: "\(tool.name) stays usable, but capped.")
    }

    /// The whole server's recommended policy: default deny, every tool with its rule.
    public static func serverPolicy(for server: CatalogServer) -> PolicyDocument {
        PolicyDocument(defaultAction: .deny, tools: server.tools.map { tool in
            let recommendation = recommend(for: tool, classification: Classifier.classify(tool))
            return (recommendation.key, recommendation.rule)
        })
    }
}
