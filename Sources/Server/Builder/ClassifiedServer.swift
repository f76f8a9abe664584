import Catalog
import JSON
import Policy

/// One server's tools, each classified once, with the rule recommended for it: what the
/// builder page shows and starts from.
struct ClassifiedServer: Sendable {
    let server: CatalogServer
    /// Where the tool definitions came from: `catalog` or `live` (the upstream's `tools/list`).
    let origin: String
    let classifications: [ToolClassification]
    /// By tool name; tools whose names a policy cannot spell (a `*`) have none.
    let recommendations: [String: Recommendation]
    let recommendedPolicy: PolicyDocument

    init(_ server: CatalogServer, origin: String) {
        self.server = server
        self.origin = origin
        let classifications = Classifier.classifyAll(server)
        let recommendations = Recommender.serverRecommendations(for: server, classifications: classifications)
        self.classifications = classifications
        self.recommendations = Dictionary(recommendations.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        recommendedPolicy = PolicyDocument(defaultAction: .deny, tools: recommendations.map { ($0.key, $0.rule) })
    }

    /// How many tools sit at each risk level, every level present (zero included).
    var levelCounts: JSONValue {
        var counts = JSONObject()
        for level in RiskLevel.allCases { counts[level.rawValue] = .int(0) }
        for classification in classifications {
            counts[classification.level.rawValue] = .int((counts[classification.level.rawValue]?.intValue ?? 0) + 1)
        }
        return .object(counts)
    }

    /// Every tool: its definition (third-party text, to be shown escaped), its classification,
    /// and the recommended rule with its one-line summary (null when a policy cannot name it).
    var toolsJSON: JSONValue {
        .array(zip(server.tools, classifications).map { tool, classification in
            guard case .object(var members) = classification.json(server: server.id, tool: tool.name) else { return .null }
            members["title"] = tool.title.map(JSONValue.string) ?? .null
            members["description"] = .string(tool.description)
            members["inputSchema"] = tool.inputSchema
            members["recommendation"] = recommendations[tool.name].map { recommendation in
                ["rule": recommendation.rule.json, "summary": .string(recommendation.summary)]
            } ?? .null
            return .object(members)
        })
    }
}
