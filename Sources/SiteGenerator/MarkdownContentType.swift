import Mustache

/// The Mustache content type of Markdown templates: `{{field}}` inserts the field's text escaped
/// by ``MarkdownEscaper/inline(_:)``, so third-party text renders as written, never as markup.
struct MarkdownContentType: MustacheContentType {
    /// The name used in the `{{% CONTENT_TYPE: … }}` pragma that ``SiteTemplates`` puts at the
    /// start of every Markdown template.
    static let pragmaName = "GATEHOUSE_MARKDOWN"

    func escapeText(_ text: String) -> String {
        MarkdownEscaper.inline(text)
    }

    /// Registers the content type with Mustache (a process-wide table); safe to call repeatedly.
    static func register() {
        MustacheContentTypes.register(MarkdownContentType(), named: pragmaName)
    }
}
