/// A tool as a row of a list page (facet, attack pattern): links relative to that page.
struct ToolRow: TemplateModel {
    var name: String
    var url: String
    var serverName: String
    var level: String
    var levelName: String
    var category: String
    /// The row as `partials/tool-row.html.mustache` renders it (filled in, no Mustache section).
    var rowHTML: String = ""

    init(_ tool: ListedTool, from page: PageLocation) {
        name = tool.name
        url = page.root + tool.path
        serverName = tool.serverName
        level = tool.level.rawValue
        levelName = tool.level.displayName
        category = tool.category.displayName
    }

    static let fields = TemplateFields<ToolRow>([
        "name": .text { $0.name }, "url": .text { $0.url }, "serverName": .text { $0.serverName },
        "level": .text { $0.level }, "levelName": .text { $0.levelName }, "category": .text { $0.category },
        "rowHTML": .text { $0.rowHTML },
    ])
}
