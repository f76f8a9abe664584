/// The model of `layout.html.mustache`: the page's head, its rendered content, and — for any
/// name the layout does not define — the page's own model (so the layout can show
/// `{{levelName}}` on tool pages).
struct LayoutModel: TemplateModel {
    var head: PageHead
    var contentHTML: String
    var root: String
    /// `tool`, `server`, `index`, `attack-pattern` or `not-found`: a class on `<body>`.
    var pageKind: String
    var siteName: String
    var page: any TemplateModel

    static let fields = TemplateFields<LayoutModel>([
        "title": .text { $0.head.title }, "description": .text { $0.head.description }, "canonicalURL": .text { $0.head.canonicalURL },
        "openGraphType": .text { $0.head.openGraphType }, "structuredDataHTML": .text { $0.head.structuredDataHTML },
        "contentHTML": .text { $0.contentHTML }, "root": .text { $0.root }, "pageKind": .text { $0.pageKind }, "siteName": .text { $0.siteName },
    ])

    func child(named name: String) -> Any? {
        Self.fields.table[name]?(self) ?? page.child(named: name)
    }
}
