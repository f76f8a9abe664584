/// Renders one page: its Markdown template → directive lines split out → cmark (safe) for the
/// Markdown, HTML partials for the directives → the layout around it all.
struct PageRenderer: Sendable {
    let templates: SiteTemplates
    let siteName: String

    /// Ids the templates' HTML uses for their own elements; headings never take them.
    static let reservedIDs = ["policy", "policy-json", "main", "search", "search-input", "search-results", "content"]

    func render(_ template: String, kind pageKind: String, model: some TemplateModel, head: PageHead, root: String) -> [UInt8] {
        let content = contentHTML(template, model: model)
        let layout = LayoutModel(head: head, contentHTML: content, root: root, pageKind: pageKind, siteName: siteName, page: model)
        return Array(templates.html("layout", layout).utf8)
    }

    func contentHTML(_ template: String, model: some TemplateModel) -> String {
        let markdown = templates.markdown(template, model)
        var anchors = HeadingAnchors(reserved: Self.reservedIDs)
        var html = ""
        for piece in MarkdownDirectives.split(markdown) {
            switch piece {
            case .markdown(let text): html += MarkdownRenderer.html(text, anchors: &anchors)
            case .directive(let name): html += templates.html(name, model)
            }
        }
        return html
    }
}
