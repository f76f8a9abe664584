import Testing
@testable import SiteGenerator

@Suite struct MarkdownDirectivesTests {
    @Test func directiveLinesSplitThePage() {
        let pieces = MarkdownDirectives.split("# A\n\n::: policy\n\ntext\n::: related  \n")
        #expect(pieces == [.markdown("# A\n\n"), .directive("policy"), .markdown("\ntext\n"), .directive("related")])
    }

    @Test func linesInsideFencedCodeAreNeverDirectives() {
        let pieces = MarkdownDirectives.split("````sh\n::: policy\n```\n::: policy\n````\n::: related\n")
        #expect(pieces == [.markdown("````sh\n::: policy\n```\n::: policy\n````\n"), .directive("related")])
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
