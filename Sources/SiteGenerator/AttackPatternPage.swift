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

    static let fields = TemplateFields<AttackPatternPage>([
        "root": { $0.root }, "homeURL": { $0.homeURL }, "id": { $0.id }, "title": { $0.title },
        "summary": { $0.summary }, "bodyHTML": { $0.bodyHTML }, "appliesTo": { $0.appliesTo },
        "matchingToolCount": { $0.matchingToolCount }, "catalogToolCount": { $0.catalogToolCount },
    ])
}
