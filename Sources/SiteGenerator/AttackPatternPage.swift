/// Everything the attack-pattern page template (`attack-pattern.md.mustache`) can show.
struct AttackPatternPage: TemplateModel {
    var root: String
    var homeURL: String
    var id: String
    var title: String
    var summary: String
    var bodyHTML: String
    /// "Write, Destructive tools, touching credentials and auth".
    var appliesTo: String
    /// How many tools of the catalog it concerns.
    var matchingToolCount: String
    var catalogToolCount: String
    /// This page's share of the tools it concerns, worst first.
    var tools: [ToolRow]
    var pager: PagerModel
    /// Every row's `rowHTML`, in order: the tool table without a Mustache section.
    var toolRowsHTML: String { tools.map(\.rowHTML).joined() }

    static let fields = TemplateFields<AttackPatternPage>([
        "root": .text { $0.root }, "homeURL": .text { $0.homeURL }, "id": .text { $0.id }, "title": .text { $0.title },
        "summary": .text { $0.summary }, "bodyHTML": .text { $0.bodyHTML }, "appliesTo": .text { $0.appliesTo },
        "matchingToolCount": .text { $0.matchingToolCount }, "catalogToolCount": .text { $0.catalogToolCount },
        "tools": .models { $0.tools }, "pager": .model { $0.pager },
        "toolRowsHTML": .text { $0.toolRowsHTML },
    ])
}
