/// Renders one page: its Markdown template → directive lines set aside → cmark (safe) → the
/// directives' HTML partials put in their places → the layout around it all.
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
        let (markdown, directives) = MarkdownDirectives.extract(templates.markdown(template, model))
        var anchors = HeadingAnchors(reserved: Self.reservedIDs)
        let html = MarkdownRenderer.html(markdown, anchors: &anchors)
        return MarkdownDirectives.fill(html) { index in
            index < directives.count ? templates.html(directives[index], model) : ""
        }
    }
}
