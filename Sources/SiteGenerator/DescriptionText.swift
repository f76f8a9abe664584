import CCmark

/// Markdown in a catalog's descriptions, reduced to plain text with cmark: `**bold**` becomes
/// bold, `[text](url)` text, `` `code` `` code, an image its alt text, a heading or list item a
/// paragraph; formatting HTML tags are dropped and any other tag kept as text
/// (``visibleHTML(_:)``), entities decoded. So a page never shows raw `**` or `[text](url)`, and
/// a description's HTML never reaches one as markup — what is left is text, escaped like all
/// catalog text when a template inserts it.
enum DescriptionText {
    /// The paragraphs of the description, each on one line.
    static func paragraphs(_ text: String) -> [String] {
        guard mayHoldMarkup(text) else { return MarkdownEscaper.paragraphs(text) }
        return blocks(text).map(MarkdownEscaper.oneLine).filter { !$0.isEmpty }
    }

    /// The whole description as one line of text.
    static func plain(_ text: String) -> String {
        guard mayHoldMarkup(text) else { return text }
        return paragraphs(text).joined(separator: " ")
    }

    /// Most descriptions are plain sentences: no character that opens Markdown or HTML.
    private static func mayHoldMarkup(_ text: String) -> Bool {
        text.utf8.contains { byte in
            switch byte {
            case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "["), UInt8(ascii: "<"),
                 UInt8(ascii: "&"), UInt8(ascii: "#"), UInt8(ascii: "\\"), UInt8(ascii: "|"), UInt8(ascii: "~"), UInt8(ascii: "\n"):
                return true
            default: return false
            }
        }
    }

    /// The text of each block cmark finds.
    private static func blocks(_ text: String) -> [String] {
        var text = dedented(text)
        return text.withUTF8 { bytes -> [String] in
            guard let base = bytes.baseAddress,
                  let document = cmark_parse_document(UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), bytes.count, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8)
            else { return [] }
            defer { cmark_node_free(document) }
            guard let iterator = cmark_iter_new(document) else { return [] }
            defer { cmark_iter_free(iterator) }
            var blocks: [String] = []
            var current = ""
            func flush() {
                if !current.allSatisfy(\.isWhitespace) { blocks.append(current) }
                current = ""
            }
            while true {
                let event = cmark_iter_next(iterator)
                if event == CMARK_EVENT_DONE { break }
                guard let node = cmark_iter_get_node(iterator) else { continue }
                let type = cmark_node_get_type(node)
                let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                if event == CMARK_EVENT_ENTER {
                    switch type {
                    case CMARK_NODE_TEXT, CMARK_NODE_CODE: current += literal
                    case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: current += " "
                    case CMARK_NODE_CODE_BLOCK: flush(); current = literal; flush()
                    case CMARK_NODE_HTML_INLINE: current += visibleHTML(literal)
                    case CMARK_NODE_HTML_BLOCK: flush(); current = visibleHTML(literal); flush()
                    default: break
                    }
                } else if event == CMARK_EVENT_EXIT {
                    switch type {
                    case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING: flush()
                    default: break
                    }
                }
            }
            flush()
            return blocks
        }
    }

    /// Every line without its leading spaces: indentation (a Python docstring's, say) would
    /// read as a code block, and the text is one line per paragraph anyway.
    private static func dedented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.drop { $0 == " " || $0 == "\t" } }
            .joined(separator: "\n")
    }

    /// Tags that only format (`<b>`, `</p>`, `<br/>`), without attributes: dropped. Any other
    /// tag — one with attributes, `<script>`, `<img …>` — stays as text, so a reader sees what
    /// the definition carries; it is escaped like all catalog text, so it stays inert.
    private static let formattingTags: Set<String> = [
        "b", "i", "u", "em", "strong", "code", "pre", "p", "br", "hr", "span", "div", "ul", "ol", "li", "sup", "sub",
        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "small", "mark", "del", "s", "kbd", "tt",
    ]

    /// An HTML literal's text: formatting tags become a space, everything else stays.
    private static func visibleHTML(_ html: String) -> String {
        var out = ""
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let tag = rest[rest.index(after: open)..<close]
            var name = tag.drop { $0 == "/" }.lowercased()
            while name.last == "/" || name.last == " " { name.removeLast() }
            if formattingTags.contains(name) { out += " " } else { out += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
