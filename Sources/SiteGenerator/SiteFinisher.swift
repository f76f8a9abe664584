import Catalog

/// The pages and files that need every server first: the home page, the attack-pattern pages,
/// 404.html, the search index, the sitemap, robots.txt and the template's assets.
struct SiteFinisher: Sendable {
    let renderer: PageRenderer
    let output: OutputFolder
    let site: SiteFacts
    let templates: SiteTemplates

    func writeSitePages(_ results: [ServerSection.Result]) throws(SiteError) -> WriteTally {
        var tally = WriteTally()
        func write(_ bytes: [UInt8], _ segments: [String]) throws(SiteError) {
            tally.add(try output.write(bytes, to: segments))
        }
        try write(indexPage(results), PageLocation.home.file)
        var patternCounts = [Int](repeating: 0, count: site.patterns.patterns.count)
        for result in results {
            for (index, count) in result.patternCounts.enumerated() { patternCounts[index] += count }
        }
        for (pattern, count) in zip(site.patterns.patterns, patternCounts) {
            try write(patternPage(pattern, matching: count), PageLocation.attackPattern(pattern.id).file)
        }
        try write(notFoundPage(), ["404.html"])
        try write(SearchEntry.script(results.flatMap(\.searchEntries)), ["search-index.js"])
        let urls = [PageLocation.home.canonicalURL(base: site.baseURL)]
            + site.patterns.patterns.map { PageLocation.attackPattern($0.id).canonicalURL(base: site.baseURL) }
            + results.flatMap(\.urls)
        for file in Sitemap.files(urls: urls, base: site.baseURL) { try write(file.bytes, [file.name]) }
        try write(Array("User-agent: *\nAllow: /\n\nSitemap: \(site.baseURL.absolute("sitemap.xml"))\n".utf8), ["robots.txt"])
        for asset in templates.assets { try write(asset.bytes, ["assets"] + asset.segments) }
        return tally
    }

    private func indexPage(_ results: [ServerSection.Result]) -> [UInt8] {
        let location = PageLocation.home
        var totals = [Int](repeating: 0, count: RiskLevel.allCases.count)
        for result in results {
            for (index, count) in result.levelCounts.enumerated() { totals[index] += count }
        }
        let model = IndexPage(
            root: location.root, toolCount: site.toolCountText, serverCount: site.serverCountText,
            levelCounts: zip(RiskLevel.allCases, totals).map { LevelCount(level: $0.rawValue, levelName: $0.displayName, count: $1) },
            servers: results.map(\.link), attackPatterns: patternLinks(from: location))
        let head = PageHead(
            title: "\(site.name): \(site.toolCountText) MCP tools risk-classified, with policies to enforce",
            description: "\(site.toolCountText) MCP tools catalogued and risk-classified across \(site.serverCountText) servers: what each tool does, why it needs a policy, and a policy.json for the \(site.name) gateway.",
            canonicalURL: location.canonicalURL(base: site.baseURL), openGraphType: "website",
            structuredDataHTML: StructuredData.webSite(name: site.name, url: site.baseURL.value))
        return renderer.render("index", kind: "index", model: model, head: head, root: location.root)
    }

    private func patternPage(_ pattern: AttackPattern, matching count: Int) -> [UInt8] {
        let location = PageLocation.attackPattern(pattern.id)
        let model = AttackPatternPage(
            root: location.root, homeURL: location.link(to: .home), id: pattern.id, title: pattern.title, summary: pattern.summary,
            bodyHTML: MarkdownRenderer.plainHTML(pattern.body), appliesTo: pattern.criteria.sentence,
            matchingToolCount: SiteFacts.grouped(count), catalogToolCount: site.toolCountText)
        let head = PageHead(
            title: "\(pattern.title): an attack pattern against MCP tools | \(site.name)",
            description: pattern.summary, canonicalURL: location.canonicalURL(base: site.baseURL), openGraphType: "article")
        return renderer.render("attack-pattern", kind: "attack-pattern", model: model, head: head, root: location.root)
    }

    /// Served for a missing address at any depth, so its links start at the base URL's path.
    private func notFoundPage() -> [UInt8] {
        let root = site.baseURL.path
        let model = NotFoundPage(root: root, homeURL: root + "index.html")
        let head = PageHead(
            title: "Page not found | \(site.name)", description: "This page does not exist.",
            canonicalURL: site.baseURL.absolute("404.html"), openGraphType: "website")
        return renderer.render("404", kind: "not-found", model: model, head: head, root: root)
    }

    private func patternLinks(from location: PageLocation) -> [AttackPatternLink] {
        site.patterns.patterns.map {
            AttackPatternLink(id: $0.id, title: $0.title, summary: $0.summary, url: location.link(to: .attackPattern($0.id)))
        }
    }
}
