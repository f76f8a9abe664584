import Catalog

/// The pages a reader browses the whole catalog by, each list paginated (``Pager``): the tool
/// lists of every facet (`/tools/<facet>/<value>/`), the server directory in each order
/// (`/directory/<sort>/`), and the attack-pattern pages with the tools they concern.
struct BrowsePages: Sendable {
    let pages: RecordedPages
    let site: SiteFacts
    let facets: [ToolFacet]

    init(pages: RecordedPages, site: SiteFacts, tools: [ListedTool]) {
        self.pages = pages
        self.site = site
        self.facets = ToolFacet.all(tools)
    }

    /// One of these pages: where it goes, and how to make its source (made when it is written,
    /// on a worker, so the lists' rows are never all held at once).
    struct Page: Sendable {
        var location: PageLocation
        var source: @Sendable () -> PageSource
    }

    /// Every page, in the order the sitemap lists them.
    func all(servers: [ServerLink], tools: [ListedTool]) -> [Page] {
        var all: [Page] = []
        for facet in facets {
            for value in facet.values {
                let pager = Pager(base: value.location(facet: facet), itemCount: value.tools.count)
                for number in 1...pager.pageCount {
                    all.append(Page(location: pager.location(number)) { toolList(facet, value, pager: pager, number: number) })
                }
            }
        }
        for sort in DirectorySort.allCases {
            let sorted = sort.sorted(servers)
            let pager = Pager(base: sort.location, itemCount: sorted.count)
            for number in 1...pager.pageCount {
                all.append(Page(location: pager.location(number)) { directory(sort, sorted, pager: pager, number: number) })
            }
        }
        let ordered = tools.sorted(by: ListedTool.worstFirst)
        for (index, pattern) in site.patterns.patterns.enumerated() {
            let concerned = ordered.filter { $0.patterns.contains(index) }
            let pager = Pager(base: .attackPattern(pattern.id), itemCount: concerned.count)
            let bodyHTML = MarkdownRenderer.plainHTML(pattern.body)
            for number in 1...pager.pageCount {
                all.append(Page(location: pager.location(number)) {
                    patternPage(pattern, bodyHTML: bodyHTML, concerned, pager: pager, number: number)
                })
            }
        }
        return all
    }

    /// The home page's links to every facet value, with counts.
    func facetGroups(from page: PageLocation) -> [FacetGroup] {
        facets.map { facet in
            FacetGroup(slug: facet.slug, name: facet.name, values: facet.values.map {
                FacetLink(slug: $0.slug, name: $0.name, url: page.link(to: $0.location(facet: facet)), count: $0.tools.count)
            })
        }
    }

    private func toolList(_ facet: ToolFacet, _ value: ToolFacet.Value, pager: Pager, number: Int) -> PageSource {
        let location = pager.location(number)
        let model = ToolListPage(
            root: location.root, homeURL: location.link(to: .home), facetName: facet.name, title: value.name, intro: value.intro,
            tools: rows(value.tools[pager.range(number)], from: location), pager: pager.model(number))
        let head = PageHead(
            title: "\(value.name): \(SiteFacts.grouped(value.tools.count)) MCP tools\(Self.pageSuffix(number)) | \(site.name)",
            description: "\(value.intro) \(SiteFacts.grouped(value.tools.count)) of the \(site.toolCountText) tools in the catalog, "
                + "worst first.",
            canonicalURL: location.canonicalURL(base: site.baseURL), openGraphType: "website")
        return PageSource(template: "tool-list", kind: "tool-list", model: model, head: head, root: location.root)
    }

    private func directory(_ sort: DirectorySort, _ servers: [ServerLink], pager: Pager, number: Int) -> PageSource {
        let location = pager.location(number)
        let rows = servers[pager.range(number)].map { link -> ServerLink in
            var row = link
            row.url = location.root + link.url
            return row
        }
        let model = DirectoryPage(
            root: location.root, homeURL: location.link(to: .home), serverCount: site.serverCountText, sortName: sort.displayName,
            sorts: DirectorySort.allCases.map {
                DirectorySortLink(name: $0.displayName, url: location.link(to: $0.location), current: $0 == sort)
            },
            servers: rows, pager: pager.model(number))
        let head = PageHead(
            title: "All \(site.serverCountText) MCP servers, by \(sort.displayName.lowercased())\(Self.pageSuffix(number)) | \(site.name)",
            description: "Every MCP server in the catalog with its tool count and how many of its tools are critical or high risk.",
            canonicalURL: location.canonicalURL(base: site.baseURL), openGraphType: "website")
        return PageSource(template: "directory", kind: "directory", model: model, head: head, root: location.root)
    }

    private func patternPage(
        _ pattern: AttackPattern, bodyHTML: String, _ concerned: [ListedTool], pager: Pager, number: Int
    ) -> PageSource {
        let location = pager.location(number)
        let model = AttackPatternPage(
            root: location.root, homeURL: location.link(to: .home), id: pattern.id, title: pattern.title, summary: pattern.summary,
            bodyHTML: bodyHTML, appliesTo: pattern.criteria.sentence,
            matchingToolCount: SiteFacts.grouped(concerned.count), catalogToolCount: site.toolCountText,
            tools: rows(concerned[pager.range(number)], from: location), pager: pager.model(number))
        let head = PageHead(
            title: "\(pattern.title): an attack pattern against MCP tools\(Self.pageSuffix(number)) | \(site.name)",
            description: pattern.summary, canonicalURL: location.canonicalURL(base: site.baseURL), openGraphType: "article")
        return PageSource(template: "attack-pattern", kind: "attack-pattern", model: model, head: head, root: location.root)
    }

    /// The rows of a list page, each rendered by the `tool-row` partial once.
    private func rows(_ tools: ArraySlice<ListedTool>, from location: PageLocation) -> [ToolRow] {
        tools.map { tool in
            var row = ToolRow(tool, from: location)
            row.rowHTML = pages.renderer.templates.html("tool-row", row)
            return row
        }
    }

    private static func pageSuffix(_ number: Int) -> String { number == 1 ? "" : ", page \(number)" }
}
