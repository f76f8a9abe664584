import CCmark

/// Markdown to HTML with cmark, in safe mode: raw HTML becomes a comment and `javascript:`,
/// `vbscript:`, `file:` and non-image `data:` links lose their destination, whatever the
/// Markdown says. Headings get `id`s for deep links (``HeadingAnchors``).
enum MarkdownRenderer {
    /// cmark's default is safe since 0.29; `CMARK_OPT_UNSAFE` is never passed. Invalid UTF-8 is
    /// replaced, and quotes stay straight so quoted evidence reads as the tool wrote it.
    private static let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8

    static func html(_ markdown: String, anchors: inout HeadingAnchors) -> String {
        let html = plainHTML(markdown)
        return anchors.addIDs(to: html)
    }

    /// The HTML cmark makes, without heading ids.
    static func plainHTML(_ markdown: String) -> String {
        var markdown = markdown
        return markdown.withUTF8 { bytes -> String in
            guard let base = bytes.baseAddress, let rendered = cmark_markdown_to_html(
                UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), bytes.count, options)
            else { return "" }
            defer { free(rendered) }
            return String(cString: rendered)
        }
    }
}
