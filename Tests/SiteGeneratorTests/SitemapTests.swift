import Testing
@testable import SiteGenerator

@Suite struct SitemapTests {
    @Test func aLargeSiteGetsASitemapIndex() {
        let urls = (0..<50_001).map { "https://example.com/servers/s/tools/t\($0)/" }
        let files = Sitemap.files(urls: urls, base: SiteURL("https://example.com/")!)
        #expect(files.map(\.name) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"])
        let index = String(decoding: files[0].bytes, as: UTF8.self)
        #expect(index.contains("<sitemapindex"))
        #expect(index.contains("<loc>https://example.com/sitemap-2.xml</loc>"))
    }

    @Test func baseURLMustBeAbsoluteHTTP() {
        #expect(SiteURL("https://tools.example.com")?.value == "https://tools.example.com/")
        #expect(SiteURL("https://tools.example.com/docs/")?.path == "/docs/")
        #expect(SiteURL("javascript:alert(1)") == nil)
        #expect(SiteURL("https://x.com/\"><script>") == nil)
    }

    @Test func shellQuotingKeepsCommandsOnOneLine() {
        #expect(ShellQuote.quote("UpdateOneConnectedAccount") == "UpdateOneConnectedAccount")
        #expect(ShellQuote.quote("it's") == "'it'\\''s'")
        #expect(ShellQuote.quote("a\nb") == "$'a\\x0ab'")
    }
}
