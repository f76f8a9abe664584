import Catalog
import Policy

/// Checks every recommendation against the rule table: each attack pattern a tool's page links
/// names the rule answers that meet it (`answered-by`, ``RuleAnswer``), and the tool's
/// recommended rule must give one of them (`gatehouse catalog lint`, docs/classification.md).
public enum RecommendationLint {
    /// A recommendation its own page contradicts.
    public struct Contradiction: Sendable {
        public var server: String
        public var tool: String
        public var pattern: AttackPattern
        public var recommendation: Recommendation

        /// `server/tool: its page links 'Irreversible mistakes' (answered by gate), but the recommended rule is a limit`.
        public var description: String {
            let answers = pattern.answeredBy.map(\.rawValue).joined(separator: ", ")
            return "\(server)/\(tool): its page links '\(pattern.title)' (answered by \(answers)), but the recommended rule (\(recommendation.kind.rawValue)) gives none of these"
        }
    }

    public struct Result: Sendable {
        /// Tool pages checked (tools a policy can name).
        public var checked: Int
        /// Pattern links checked.
        public var links: Int
        public var contradictions: [Contradiction]
    }

    public static func check(_ catalog: Catalog, patterns: AttackPatternLibrary) -> Result {
        var result = Result(checked: 0, links: 0, contradictions: [])
        for server in catalog.servers {
            let classifications = Classifier.classifyAll(server)
            let recommendations = Dictionary(
                Recommender.serverRecommendations(for: server, classifications: classifications).map { ($0.key, $0) },
                uniquingKeysWith: { first, _ in first })
            for (tool, classification) in zip(server.tools, classifications) {
                guard let recommendation = recommendations[tool.name] else { continue }
                result.checked += 1
                for pattern in patterns.patterns(for: classification) where !pattern.answeredBy.isEmpty {
                    result.links += 1
                    if !pattern.answeredBy.contains(where: { $0.isGiven(by: recommendation.rule, for: classification) }) {
                        result.contradictions.append(Contradiction(server: server.id, tool: tool.name, pattern: pattern, recommendation: recommendation))
                    }
                }
            }
        }
        return result
    }
}
