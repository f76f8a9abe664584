/// What the layout puts in a page's `<head>`: title, meta description, canonical and OpenGraph
/// URL, and (for tool pages) schema.org data.
struct PageHead: Sendable {
    var title: String
    var description: String
    var canonicalURL: String
    /// OpenGraph type: `website` for the home page, `article` for the rest.
    var openGraphType: String
    /// A complete `<script type="application/ld+json">` element built from escaped JSON, or "".
    var structuredDataHTML: String = ""
}
