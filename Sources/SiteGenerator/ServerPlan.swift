import Catalog
import Policy

/// What every page of one server needs, computed once per server: each tool classified (once),
/// its recommendation, its safe folder name, and which tools are related to which.
struct ServerPlan: Sendable {
    let server: CatalogServer
    let location: PageLocation
    let toolSegments: [String]
    let classifications: [ToolClassification]
    /// Each tool's own recommendation (the one-tool policy on its page); nil for a tool a policy
    /// cannot name.
    let recommendations: [Recommendation?]
    /// Tool indices by category, in the server's order.
    let byCategory: [ToolCategory: [Int]]
    /// Tool indices by what they act on (``ToolResource``), in the server's order, and each tool's key.
    let byResource: [String: [Int]]
    let resources: [String?]
    /// Each tool's first sentence and rule name, as lists of tools show them (computed once,
    /// not once per page that lists the tool).
    let summaries: [String]
    let ruleNames: [String]
    /// How to enforce the server's policy (tool pages adapt its `explain` step).
    let enforcement: EnforcementGuide

    init(server: CatalogServer, segment: String, classifications: [ToolClassification]) {
        self.server = server
        location = .server(segment)
        toolSegments = PathSegments.unique(for: server.tools.map(\.name))
        self.classifications = classifications
        recommendations = zip(server.tools, classifications).map { tool, classification in
            Recommender.canBeNamedInPolicy(tool.name) ? Recommender.recommend(for: tool, classification: classification) : nil
        }
        var byCategory: [ToolCategory: [Int]] = [:]
        for (index, classification) in classifications.enumerated() { byCategory[classification.category, default: []].append(index) }
        self.byCategory = byCategory
        resources = ToolResource.keys(server.tools.map(\.name))
        var byResource: [String: [Int]] = [:]
        for (index, resource) in resources.enumerated() { if let resource { byResource[resource, default: []].append(index) } }
        self.byResource = byResource
        summaries = server.tools.map { $0.description.isEmpty ? "" : ToolProse.firstSentence($0.description) }
        ruleNames = recommendations.map { ToolProse.ruleName($0?.rule) }
        enforcement = EnforcementGuide(server: server)
    }

    func toolLocation(_ index: Int) -> PageLocation {
        .tool(toolSegments[index], server: location.segments[1])
    }

    /// How a page at `viewer` lists tool `index`.
    func link(_ index: Int, from viewer: PageLocation) -> ToolLink {
        // Fields read in place: a copy of the whole tool and classification cost more than the link.
        let level = classifications[index].level
        let category = classifications[index].category
        return ToolLink(
            name: server.tools[index].name, url: viewer.link(to: toolLocation(index)), level: level.rawValue,
            levelName: level.displayName, category: category.rawValue, categoryName: category.displayName,
            summary: summaries[index], ruleName: ruleNames[index])
    }

    /// Up to `limit` tools of the server: those on the same resource first
    /// (`UpdateOneConnectedAccount` → the other ConnectedAccount tools), then the same category —
    /// each list from the tools after it, wrapping around — topped up with tools of the same
    /// level when both are small.
    func related(to index: Int, limit: Int = 6) -> [Int] {
        let c = classifications[index]
        var picked = resources[index].map { Self.following(index, in: byResource[$0] ?? [], limit: limit) } ?? []
        let sameCategory = (byCategory[c.category] ?? []).filter { !picked.contains($0) }
        picked += Self.following(index, in: sameCategory, limit: limit - picked.count)
        if picked.count < 3 {
            let sameLevel = classifications.indices.filter { classifications[$0].level == c.level && classifications[$0].category != c.category && !picked.contains($0) }
            picked += Self.following(index, in: sameLevel, limit: 3 - picked.count)
        }
        return picked
    }

    private static func following(_ index: Int, in candidates: [Int], limit: Int) -> [Int] {
        guard !candidates.isEmpty, limit > 0 else { return [] }
        let start = candidates.firstIndex { $0 > index } ?? 0
        var result: [Int] = []
        for offset in 0..<candidates.count where result.count < limit {
            let candidate = candidates[(start + offset) % candidates.count]
            if candidate != index { result.append(candidate) }
        }
        return result
    }
}
