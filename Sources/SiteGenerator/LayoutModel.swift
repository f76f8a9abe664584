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
        "title": { $0.head.title }, "description": { $0.head.description }, "canonicalURL": { $0.head.canonicalURL },
        "openGraphType": { $0.head.openGraphType }, "structuredDataHTML": { $0.head.structuredDataHTML },
        "contentHTML": { $0.contentHTML }, "root": { $0.root }, "pageKind": { $0.pageKind }, "siteName": { $0.siteName },
    ])

    func child(named name: String) -> Any? {
        Self.fields.table[name]?(self) ?? page.child(named: name)
    }
}
