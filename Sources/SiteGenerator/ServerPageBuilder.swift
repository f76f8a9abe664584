import Catalog
import Policy

/// Builds the model and head of a server's page, and its whole-server policy.
struct ServerPageBuilder: Sendable {
    let plan: ServerPlan
    let site: SiteFacts

    /// How many of the tools are at each risk level, every level listed.
    static func levelCounts(_ classifications: [ToolClassification]) -> [LevelCount] {
        RiskLevel.allCases.map { level in
            LevelCount(level: level.rawValue, levelName: level.displayName, count: classifications.filter { $0.level == level }.count)
        }
    }

    func page() -> (model: ServerPage, head: PageHead, policy: String) {
        let server = plan.server
        let location = plan.location
        let recommendations = Recommender.serverRecommendations(for: server, classifications: plan.classifications)
        let policy = PolicyDocument(defaultAction: .deny, tools: recommendations.map { ($0.key, $0.rule) }).prettyText
        let levelCounts = Self.levelCounts(plan.classifications)
        let categoryCounts = ToolCategory.allCases.compactMap { category -> Label? in
            let count = plan.byCategory[category]?.count ?? 0
            return count == 0 ? nil : Label(id: category.rawValue, name: category.displayName, count: count)
        }
        let model = ServerPage(
            root: location.root, homeURL: location.link(to: .home), name: server.name, id: server.id,
            descriptionParagraphs: DescriptionText.paragraphs(server.description ?? ""),
            repository: server.repository ?? "", repositoryURL: RepositoryURL.github(server.repository) ?? "",
            transport: server.transport ?? "", toolCount: server.tools.count,
            catalogToolCount: site.toolCountText, catalogServerCount: site.serverCountText,
            levelCounts: levelCounts, categoryCounts: categoryCounts,
            tools: server.tools.indices.map { plan.link($0, from: location) },
            profile: ServerProfile(server: server, classifications: plan.classifications),
            policyText: policy, policyURL: "policy.json",
            policySummary: Self.summary(recommendations, unnamed: server.tools.count - recommendations.count),
            unnamedTools: server.tools.map(\.name).filter { !Recommender.canBeNamedInPolicy($0) },
            enforce: plan.enforcement)
        let counts = levelCounts.filter { $0.count > 0 }.map { "\($0.count) \($0.level)" }.joined(separator: ", ")
        let head = PageHead(
            title: "\(server.name): \(server.tools.count) MCP tools risk-classified, with a recommended policy | \(site.name)",
            description: "Every tool of \(ServerNaming.phrase(server.name)) with its risk level (\(counts)), "
                + "and a whole-server policy.json for the Gatehouse gateway.",
            canonicalURL: location.canonicalURL(base: site.baseURL), openGraphType: "article")
        return (model, head, policy)
    }

    /// "Default deny. 92 tools are allowed (they only read), 60 are rate-limited, …".
    static func summary(_ recommendations: [Recommendation], unnamed: Int) -> String {
        var allowed = 0, limited = 0, approval = 0, denied = 0
        for recommendation in recommendations {
            switch recommendation.rule.effectiveAction {
            case .allow: if recommendation.rule.limits.isEmpty { allowed += 1 } else { limited += 1 }
            case .requireApproval: approval += 1
            case .deny: denied += 1
            }
        }
        var parts: [String] = []
        if allowed > 0 { parts.append("\(tools(allowed)) allowed, because \(allowed == 1 ? "it only reads" : "they only read")") }
        if limited > 0 { parts.append("\(tools(limited)) rate-limited") }
        if approval > 0 { parts.append("\(tools(approval)) \(approval == 1 ? "waits" : "wait") for a person's approval") }
        if denied > 0 { parts.append("\(tools(denied)) denied, with a reason the agent can read") }
        if unnamed > 0 {
            parts.append("\(tools(unnamed)) left to the default deny, because '*' in their names is a wildcard in policy rules")
        }
        return "The policy denies by default: " + (parts.isEmpty ? "this server has no tools." : EnglishList.of(parts) + ".")
    }

    private static func tools(_ count: Int) -> String {
        count == 1 ? "1 tool" : "\(count) tools"
    }
}
