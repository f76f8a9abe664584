import Testing
@testable import SiteGenerator

@Suite struct MarkdownDirectivesTests {
    @Test func directiveLinesBecomePlaceholderParagraphsThatCmarkKeeps() {
        let (markdown, names) = MarkdownDirectives.extract("# A\n- item\n::: policy\ntext\n::: related  \n")
        #expect(names == ["policy", "related"])
        let html = MarkdownRenderer.plainHTML(markdown)
        let filled = MarkdownDirectives.fill(html) { "<div>\(names[$0])</div>\n" }
        #expect(filled == "<h1>A</h1>\n<ul>\n<li>item</li>\n</ul>\n<div>policy</div>\n<p>text</p>\n<div>related</div>\n")
    }

    @Test func linesInsideFencedCodeAreNeverDirectives() {
        let (markdown, names) = MarkdownDirectives.extract("````sh\n::: policy\n```\n::: policy\n````\n::: related\n")
        #expect(names == ["related"])
        #expect(String(decoding: markdown, as: UTF8.self).hasPrefix("````sh\n::: policy\n```\n::: policy\n````\n"))
    }

    @Test func escapedCatalogTextCannotForgeAPlaceholder() {
        let forged = MarkdownEscaper.inline("\u{1}directive 0\u{1}")
        let html = MarkdownRenderer.plainHTML(forged)
        #expect(MarkdownDirectives.fill(html) { _ in "<b>trusted</b>" } == html)
    }

    @Test func indentedOrMalformedLinesAreNotDirectives() {
        for line in [" ::: policy", "::: Policy", "::: -x", ":::policy", "::: a b", "\\:\\:\\: policy"] {
            #expect(MarkdownDirectives.directiveName(Substring(line)) == nil, "\(line)")
        }
    }

    @Test func headingsGetUniqueIDsFromTheirText() {
        var anchors = HeadingAnchors(reserved: ["policy"])
        let html = anchors.addIDs(to: "<h2>Why <code>x</code> &amp; y?</h2>\n<h2>Why x y</h2>\n<h3>Policy</h3>\n<h2>ü</h2>\n")
        #expect(html == "<h2 id=\"why-x-y\">Why <code>x</code> &amp; y?</h2>\n<h2 id=\"why-x-y-2\">Why x y</h2>\n<h3 id=\"policy-2\">Policy</h3>\n<h2 id=\"section\">ü</h2>\n")
    }
}
