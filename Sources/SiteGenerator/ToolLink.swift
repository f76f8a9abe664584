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
    /// The tool as `partials/tool-item.html.mustache` shows it in a list: rendered once per tool
    /// and reused on every page that lists it (empty where not rendered).
    var itemHTML: String = ""

    static let fields = TemplateFields<ToolLink>([
        "name": .text { $0.name }, "url": .text { $0.url }, "level": .text { $0.level }, "levelName": .text { $0.levelName },
        "category": .text { $0.category }, "categoryName": .text { $0.categoryName }, "summary": .text { $0.summary },
        "ruleName": .text { $0.ruleName }, "itemHTML": .text { $0.itemHTML },
    ])
}
