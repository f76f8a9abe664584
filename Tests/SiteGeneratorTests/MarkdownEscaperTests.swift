import Testing
@testable import SiteGenerator

@Suite struct MarkdownEscaperTests {
    /// Whatever the text, cmark shows exactly it (HTML-escaped), on one line.
    @Test(arguments: [
        "# heading", "- item", "1. first", "> quote", "[x](javascript:alert(1))", "<img src=x onerror=y>", "{{name}}",
        "*bold* _it_ `code`", "&lt;entity&gt; &amp;", "\\ back\\slash", "```fence", "~~~", "| a | b |", "![img](x.png)",
        "<https://autolink.example>", "line\\\nbreak", "::: policy", "    indented code", "***", "---", "=====",
    ])
    func escapedTextRendersAsWritten(_ text: String) {
        let html = MarkdownRenderer.plainHTML(MarkdownEscaper.inline(text))
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let expected = "<p>" + flat.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;") + "</p>\n"
        #expect(html == expected)
    }

    @Test func newlinesTabsAndControlCharactersBecomeSingleSpaces() {
        #expect(MarkdownEscaper.inline("a\n\n  b\tc\u{0}d\u{7F}e\r\nf") == "a b c d e f")
    }

    @Test func paragraphsSplitAtBlankLines() {
        #expect(MarkdownEscaper.paragraphs("one\ntwo\n\n\nthree\n   \n") == ["one two", "three"])
    }

    @Test func codeSpanUsesALongerFenceThanAnyBacktickRunInside() {
        #expect(MarkdownEscaper.codeSpan("a``b") == "```a``b```")
        #expect(MarkdownRenderer.plainHTML(MarkdownEscaper.codeSpan("a``b")) == "<p><code>a``b</code></p>\n")
    }

    @Test func fencedBlockCannotBeClosedByItsContent() {
        let block = MarkdownEscaper.fencedCodeBlock("x\n```\n<b>y</b>", info: "sh")
        #expect(MarkdownRenderer.plainHTML(block) == "<pre><code class=\"language-sh\">x\n```\n&lt;b&gt;y&lt;/b&gt;\n</code></pre>\n")
    }

    @Test func safeModeDropsRawHTMLAndJavascriptLinksInTrustedMarkdown() {
        let html = MarkdownRenderer.plainHTML("<script>x()</script>\n\n[a](javascript:alert(1)) [b](https://example.com)")
        #expect(!html.contains("<script>"))
        #expect(html.contains("<a href=\"\">a</a>"))
        #expect(html.contains("<a href=\"https://example.com\">b</a>"))
    }
}
