import CCmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Markdown to HTML with cmark, in safe mode: raw HTML becomes a comment and `javascript:`,
/// `vbscript:`, `file:` and non-image `data:` links lose their destination, whatever the
/// Markdown says. Headings get `id`s for deep links (``HeadingAnchors``).
enum MarkdownRenderer {
    /// cmark's default is safe since 0.29; `CMARK_OPT_UNSAFE` is never passed. Invalid UTF-8 is
    /// replaced, and quotes stay straight so quoted evidence reads as the tool wrote it.
    private static let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8

    /// The page's HTML with heading ids, as UTF-8 bytes (the steps after cmark work on bytes;
    /// the page becomes a `String` once, at the end).
    static func html(_ markdown: [UInt8], anchors: inout HeadingAnchors) -> [UInt8] {
        anchors.addIDs(to: plainHTML(markdown))
    }

    /// The HTML cmark makes, without heading ids.
    static func plainHTML(_ markdown: String) -> String {
        var markdown = markdown
        return String(decoding: markdown.withUTF8 { plainHTML(Array($0)) }, as: UTF8.self)
    }

    /// ``plainHTML(_:)`` over UTF-8 bytes.
    static func plainHTML(_ markdown: [UInt8]) -> [UInt8] {
        markdown.withUnsafeBufferPointer { bytes -> [UInt8] in
            // cmark wants a pointer even for no text.
            let text = bytes.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(("" as StaticString).utf8Start)
            guard let rendered = cmark_markdown_to_html(text.assumingMemoryBound(to: CChar.self), bytes.count, options) else { return [] }
            defer { free(rendered) }
            return Array(UnsafeBufferPointer(start: UnsafeRawPointer(rendered).assumingMemoryBound(to: UInt8.self), count: strlen(rendered)))
        }
    }
}
