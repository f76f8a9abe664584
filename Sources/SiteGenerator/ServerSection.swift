import Catalog

/// Renders and writes every page of one server — its tools' pages and policies, its own page and
/// policy — and returns what the site-wide pages need from it.
struct ServerSection: Sendable {
    let renderer: PageRenderer
    let output: OutputFolder
    let site: SiteFacts
    /// Servers with more tools than this are classified and rendered in parallel chunks.
    static let chunkSize = 256

    /// What a server contributes to the home page, the search index, the sitemap and the totals.
    struct Result: Sendable {
        var link: ServerLink
        var searchEntries: [SearchEntry]
        /// Canonical URLs of its pages.
        var urls: [String]
        var pages: Int
        var written: Int
        var unchanged: Int
        /// For each attack pattern of the library, how many of its tools it concerns.
        var patternCounts: [Int]
        var levelCounts: [Int]
    }

    func generate(_ server: CatalogServer, segment: String) async throws -> Result {
        let plan = ServerPlan(server: server, segment: segment, classifications: await classify(server))
        let serverFolder = try output.directory(plan.location.segments)
        let toolsFolder = try serverFolder.subdirectory("tools")
        // Every tool page sits at the same depth, so a tool's list item reads the same on all of them.
        let viewer = PageLocation.tool("_", server: segment)
        let items = server.tools.indices.map { renderer.templates.html("tool-item", plan.link($0, from: viewer)) }
        let builder = ToolPageBuilder(plan: plan, site: site, itemsHTML: items)
        var tally = try await writeToolPages(builder, into: toolsFolder)

        let (model, head, policy) = ServerPageBuilder(plan: plan, site: site).page()
        let html = renderer.render("server", kind: "server", model: model, head: head, root: plan.location.root)
        tally.add(try serverFolder.write(html, named: "index.html"))
        tally.add(try serverFolder.write(Array(policy.utf8), named: "policy.json"))

        return Result(
            link: ServerLink(
                name: server.name, id: server.id, url: PageLocation.home.link(to: plan.location),
                summary: server.description.map { ToolProse.firstSentence($0) } ?? "", toolCount: server.tools.count,
                levelCounts: model.levelCounts.map(\.count)),
            searchEntries: server.tools.indices.map { index in
                SearchEntry(name: server.tools[index].name, server: server.name, path: plan.toolLocation(index).pathFromRoot,
                            level: plan.classifications[index].level.rawValue, category: plan.classifications[index].category.rawValue)
            },
            urls: [plan.location.canonicalURL(base: site.baseURL)] + server.tools.indices.map { plan.toolLocation($0).canonicalURL(base: site.baseURL) },
            pages: server.tools.count + 1, written: tally.written, unchanged: tally.unchanged,
            patternCounts: site.patterns.patterns.map { pattern in plan.classifications.filter(pattern.criteria.matches).count },
            levelCounts: model.levelCounts.map(\.count))
    }

    /// Every tool classified once, trusting annotations as far as the server earns.
    private func classify(_ server: CatalogServer) async -> [ToolClassification] {
        guard server.tools.count > Self.chunkSize else { return Classifier.classifyAll(server) }
        let trust = AnnotationTrust.of(server)
        return await withTaskGroup(of: (Int, [ToolClassification]).self) { group in
            for start in stride(from: 0, to: server.tools.count, by: Self.chunkSize) {
                group.addTask {
                    let end = min(start + Self.chunkSize, server.tools.count)
                    return (start, server.tools[start..<end].map { Classifier.classify($0, trust: trust) })
                }
            }
            var chunks: [(Int, [ToolClassification])] = []
            for await chunk in group { chunks.append(chunk) }
            return chunks.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    private func writeToolPages(_ builder: ToolPageBuilder, into folder: OutputDirectory) async throws -> WriteTally {
        let count = builder.plan.server.tools.count
        guard count > Self.chunkSize else { return try writeToolPages(0..<count, builder, into: folder) }
        return try await withThrowingTaskGroup(of: WriteTally.self) { group in
            for start in stride(from: 0, to: count, by: Self.chunkSize) {
                group.addTask { try writeToolPages(start..<min(start + Self.chunkSize, count), builder, into: folder) }
            }
            var total = WriteTally()
            for try await tally in group { total.add(tally) }
            return total
        }
    }

    private func writeToolPages(_ indices: Range<Int>, _ builder: ToolPageBuilder, into folder: OutputDirectory) throws -> WriteTally {
        var tally = WriteTally()
        for index in indices {
            let (model, head) = builder.page(for: index)
            let html = renderer.render("tool", kind: "tool", model: model, head: head, root: model.root)
            tally.add(try folder.write(html, named: "index.html", inSubdirectory: builder.plan.toolSegments[index]))
        }
        return tally
    }
}

/// Files written and files left as they were.
struct WriteTally: Sendable {
    var written = 0
    var unchanged = 0

    mutating func add(_ outcome: WriteOutcome) {
        switch outcome {
        case .written: written += 1
        case .unchanged: unchanged += 1
        }
    }

    mutating func add(_ other: WriteTally) {
        written += other.written
        unchanged += other.unchanged
    }
}
