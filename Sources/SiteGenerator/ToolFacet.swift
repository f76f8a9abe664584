import Catalog

/// One way to cut the catalog into lists of tools — by risk level, category, what a tool
/// touches, or a flag — and each list's place in the site (`/tools/<facet>/<value>/`).
struct ToolFacet: Sendable {
    /// One list: a value of the facet and the tools that have it, worst first.
    struct Value: Sendable {
        var slug: String
        var name: String
        /// The sentence that opens the list's page.
        var intro: String
        var tools: [ListedTool]

        func location(facet: ToolFacet) -> PageLocation { PageLocation(["tools", facet.slug, slug]) }
    }

    var slug: String
    /// "Risk level", "Category": the breadcrumb and the index's heading.
    var name: String
    var values: [Value]

    /// Every facet of the catalog, each value listing every tool that has it (empty values kept,
    /// so every link a template makes has its page).
    static func all(_ tools: [ListedTool]) -> [ToolFacet] {
        let sorted = tools.sorted(by: ListedTool.worstFirst)
        func value(_ slug: String, _ name: String, _ intro: String, _ keep: (ListedTool) -> Bool) -> Value {
            Value(slug: slug, name: name, intro: intro, tools: sorted.filter(keep))
        }
        return [
            ToolFacet(slug: "risk", name: "Risk level", values: RiskLevel.allCases.reversed().map { level in
                value(level.rawValue, "\(level.displayName) risk", "Every tool the classifier rates \(level.rawValue) risk.") { $0.level == level }
            }),
            ToolFacet(slug: "category", name: "Category", values: ToolCategory.allCases.map { category in
                value(category.rawValue, category.displayName, "Every tool whose main effect is \(category.displayName.lowercased()).") { $0.category == category }
            }),
            ToolFacet(slug: "touches", name: "What it touches", values: Sensitivity.allCases.map { kind in
                value(kind.rawValue.replacingOccurrences(of: "_", with: "-"), kind.displayName,
                      "Every tool whose definition says it touches \(kind.displayName.lowercased()).") { $0.sensitivity.contains(kind) }
            }),
            ToolFacet(slug: "flag", name: "Flag", values: [
                value("open-world", "Open world", "Every tool that reaches beyond its server: the web, other people, other systems.") { $0.openWorld },
                value("no-description", "No description", "Every tool whose definition carries no description: an agent picks it by name alone.") { !$0.hasDescription },
            ]),
        ]
    }
}
