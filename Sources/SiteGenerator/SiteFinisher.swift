import Catalog

/// The pages and files that need every server first: the home page, the browsing pages
/// (``BrowsePages``: facet lists, the server directory, the attack-pattern pages), 404.html, the FAQ, the
/// search index, the sitemap, robots.txt and the template's assets.
struct SiteFinisher: Sendable {
    let pages: RecordedPages
    var output: OutputFolder { pages.output }
    let site: SiteFacts
    let templates: SiteTemplates

    /// Writes them; what was written, and how many pages (the home page, 404 and the browsing pages).
    /// The browsing pages are rendered on `workers` while the search index is built beside them.
    func writeSitePages(_ results: [ServerSection.Result], workers: PageWorkers) async throws -> (tally: WriteTally, pages: Int) {
        var tally = WriteTally()
        func write(_ bytes: [UInt8], _ segments: [String]) throws(SiteError) {
            tally.add(try output.write(bytes, to: segments))
        }
        let tools = results.flatMap(\.tools)
        let browse = BrowsePages(pages: pages, site: site, tools: tools)
        let servers = results.map(\.link)
        async let searchFiles = workers.run { SearchIndex.files(tools) }
        tally.add(try pages.write(indexPage(results, browse: browse), to: PageLocation.home.file))
        let browsing = browse.all(servers: servers, tools: tools)
        tally.add(try await writeBrowsing(browsing, workers: workers))
        tally.add(try pages.write(notFoundPage(), to: ["404.html"]))
        tally.add(try pages.write(faqPage(), to: PageLocation.faq.file))
        for file in try await searchFiles { try write(file.bytes, file.segments) }
        let urls = [PageLocation.home.canonicalURL(base: site.baseURL), PageLocation.faq.canonicalURL(base: site.baseURL)]
            + browsing.map { $0.location.canonicalURL(base: site.baseURL) } + results.flatMap(\.urls)
        for file in Sitemap.files(urls: urls, base: site.baseURL) { try write(file.bytes, [file.name]) }
        try write(Array("User-agent: *\nAllow: /\n\nSitemap: \(site.baseURL.absolute("sitemap.xml"))\n".utf8), ["robots.txt"])
        for asset in templates.assets { try write(asset.bytes, ["assets"] + asset.segments) }
        return (tally, browsing.count + 3)
    }

    /// Browsing pages rendered and written in one job.
    static let browseChunk = 8

    private func writeBrowsing(_ browsing: [BrowsePages.Page], workers: PageWorkers) async throws -> WriteTally {
        let chunks = stride(from: 0, to: browsing.count, by: Self.browseChunk).map { $0..<min($0 + Self.browseChunk, browsing.count) }
        return try await workers.all(chunks) { [pages] range in
            var tally = WriteTally()
            for page in browsing[range] { tally.add(try pages.write(page.source(), to: page.location.file)) }
            return tally
        }.reduce(into: WriteTally()) { $0.add($1) }
    }

    /// How many servers the home page lists; the directory lists them all.
    static let homeServerCount = 20

    private func indexPage(_ results: [ServerSection.Result], browse: BrowsePages) -> PageSource {
        let location = PageLocation.home
        let groups = browse.facetGroups(from: location)
        let servers = DirectorySort.critical.sorted(results.map(\.link))
        let model = IndexPage(
            root: location.root, toolCount: site.toolCountText, serverCount: site.serverCountText,
            riskLinks: groups.first { $0.slug == "risk" }?.values ?? [],
            facets: groups.filter { $0.slug != "risk" },
            servers: Array(servers.prefix(Self.homeServerCount)), allServersShown: servers.count <= Self.homeServerCount,
            directoryURL: location.link(to: DirectorySort.name.location),
            attackPatterns: patternLinks(from: location, counts: patternCounts(results)))
        let head = PageHead(
            title: "\(site.name): \(site.toolCountText) MCP tools risk-classified, with policies to enforce",
            description: "\(site.toolCountText) MCP tools catalogued and risk-classified across \(site.serverCountText) servers: "
                + "what each tool does, why it needs a policy, and a policy.json for the \(site.name) gateway.",
            canonicalURL: location.canonicalURL(base: site.baseURL), openGraphType: "website",
            structuredDataHTML: StructuredData.webSite(name: site.name, url: site.baseURL.value))
        return PageSource(template: "index", kind: "index", model: model, head: head, root: location.root)
    }

    private func patternCounts(_ results: [ServerSection.Result]) -> [Int] {
        var counts = [Int](repeating: 0, count: site.patterns.patterns.count)
        for result in results {
            for tool in result.tools { for index in tool.patterns { counts[index] += 1 } }
        }
        return counts
    }

    /// Served for a missing address at any depth, so its links start at the base URL's path.
    private func notFoundPage() -> PageSource {
        let root = site.baseURL.path
        let model = NotFoundPage(root: root, homeURL: root + "index.html")
        let head = PageHead(
            title: "Page not found | \(site.name)", description: "This page does not exist.",
            canonicalURL: site.baseURL.absolute("404.html"), openGraphType: "website")
        return PageSource(template: "404", kind: "not-found", model: model, head: head, root: root)
    }

    private func faqPage() -> PageSource {
        let location = PageLocation.faq
        let model = FAQPage(
            root: location.root, homeURL: location.link(to: .home), directoryURL: location.link(to: DirectorySort.name.location))
        let head = PageHead(
            title: "Questions every MCP tool shares: enforcing, blocking, rate limits | \(site.name)",
            description: "How the recommended policies work, how to enforce a policy on an MCP tool, block a tool, "
                + "and how rate limits work in the \(site.name) gateway.",
            canonicalURL: location.canonicalURL(base: site.baseURL), openGraphType: "website")
        return PageSource(template: "faq", kind: "faq", model: model, head: head, root: location.root)
    }

    private func patternLinks(from location: PageLocation, counts: [Int]) -> [AttackPatternLink] {
        zip(site.patterns.patterns, counts).map { pattern, count in
            var link = AttackPatternLink(
                id: pattern.id, title: pattern.title, summary: pattern.summary, url: location.link(to: .attackPattern(pattern.id)))
            link.toolCount = SiteFacts.grouped(count)
            return link
        }
    }
}
