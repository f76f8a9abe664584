import Testing
@testable import SiteGenerator

/// Markdown and HTML in catalog descriptions become plain text: never raw `**` or `[text](url)`,
/// never markup.
@Suite struct DescriptionTextTests {
    @Test(arguments: [
        ("Deletes a file. Cannot be undone.", ["Deletes a file. Cannot be undone."]),
        ("**Send** an _email_ via [SMTP](https://example.com/smtp).", ["Send an email via SMTP."]),
        ("Use `git log` first.\n\n## Returns\n- the **commits**\n- their authors", ["Use git log first.", "Returns", "the commits", "their authors"]),
        ("<b>Bold</b> and <img src=x onerror=alert(1)> &amp; more", ["Bold and <img src=x onerror=alert(1)> & more"]),
        ("<div>A block of <i>HTML</i></div>", ["A block of HTML"]),
        ("Run <script>alert(1)</script> now", ["Run <script>alert(1)</script> now"]),
        ("![diagram](x.png) shows it", ["diagram shows it"]),
        ("snake_case_name and a_b", ["snake_case_name and a_b"]),
        ("\n    # Title\n\n    Indented like a docstring, not code.", ["Title", "Indented like a docstring, not code."]),
    ])
    func markdownBecomesText(_ markdown: String, _ expected: [String]) {
        #expect(DescriptionText.paragraphs(markdown).map { $0.trimmingWhitespace() } == expected)
    }

    @Test func summariesShowTextNotMarkdown() {
        #expect(ToolProse.firstSentence("**Fetch** a [web page](https://x.example) as text. Then more text follows here.") == "Fetch a web page as text.")
        #expect(DescriptionText.plain("Plain text stays as it is.") == "Plain text stays as it is.")
    }
}
