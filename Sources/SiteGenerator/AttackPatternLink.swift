/// An attack pattern as a tool page or the home page lists it.
struct AttackPatternLink: TemplateModel {
    var id: String
    var title: String
    var summary: String
    var url: String

    static let fields = TemplateFields<AttackPatternLink>([
        "id": { $0.id }, "title": { $0.title }, "summary": { $0.summary }, "url": { $0.url },
    ])
}
