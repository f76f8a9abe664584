/// An attack pattern as a tool page or the home page lists it.
struct AttackPatternLink: TemplateModel {
    var id: String
    var title: String
    var summary: String
    var url: String
    /// How many tools of the catalog it concerns (the home page), empty elsewhere.
    var toolCount: String = ""

    static let fields = TemplateFields<AttackPatternLink>([
        "id": .text { $0.id }, "title": .text { $0.title }, "summary": .text { $0.summary }, "url": .text { $0.url },
        "toolCount": .text { $0.toolCount },
    ])
}
