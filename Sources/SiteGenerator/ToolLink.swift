/// A tool as other pages list it: name, link, badges (related tools, a server's table).
struct ToolLink: TemplateModel {
    var name: String
    var url: String
    var level: String
    var levelName: String
    var category: String
    var categoryName: String
    /// The description's first sentence, or empty.
    var summary: String
    /// The rule we recommend, in a few words ("limit 30/minute").
    var ruleName: String

    static let fields = TemplateFields<ToolLink>([
        "name": { $0.name }, "url": { $0.url }, "level": { $0.level }, "levelName": { $0.levelName },
        "category": { $0.category }, "categoryName": { $0.categoryName }, "summary": { present($0.summary) },
        "ruleName": { $0.ruleName },
    ])
}
