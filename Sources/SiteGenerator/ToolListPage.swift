/// Everything a page listing tools (`tool-list.md.mustache`) can show: one page of a facet's list.
struct ToolListPage: TemplateModel {
    var root: String
    var homeURL: String
    /// "Risk level", "Category".
    var facetName: String
    var title: String
    var intro: String
    var tools: [ToolRow]
    var pager: PagerModel
    /// Every row's `rowHTML`, in order: the tool table without a Mustache section.
    var toolRowsHTML: String { tools.map(\.rowHTML).joined() }

    static let fields = TemplateFields<ToolListPage>([
        "root": .text { $0.root }, "homeURL": .text { $0.homeURL }, "facetName": .text { $0.facetName },
        "title": .text { $0.title }, "intro": .text { $0.intro }, "tools": .models { $0.tools }, "pager": .model { $0.pager },
        "toolRowsHTML": .text { $0.toolRowsHTML },
    ])
}
