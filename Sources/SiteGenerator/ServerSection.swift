import Catalog
import Foundation

/// Renders and writes every page of one server — its tools' pages, its own page and policy —
/// and returns what the site-wide pages need from it. The work runs on ``PageWorkers`` in jobs
/// of a few dozen pages; this type only hands them out and gathers the results.
///
/// A server whose pages' key (``PageRecord``) is what the last run recorded is classified (the
/// lists and the search index need its tools) but not rendered.
struct ServerSection: Sendable {
    let renderer: PageRenderer
    let output: OutputFolder
    let site: SiteFacts
    let workers: PageWorkers
    let record: PageRecord
    /// Tools classified in one job.
    static let classifyChunk = 256
    /// Tool pages rendered and written in one job.
    static let pageChunk = 32

    /// What a server contributes to the home page, the search index, the sitemap and the totals.
    struct Result: Sendable {
        var link: ServerLink
        /// Its tools, for the lists, the facet pages and the search index.
        var tools: [ListedTool]
        /// Canonical URLs of its pages.
        var urls: [String]
        var pages: Int
        var written: Int
        var unchanged: Int
        var levelCounts: [Int]
    }

    /// A server's plan and where its pages go, made once before its pages are rendered.
    private struct Prepared: Sendable {
        var builder: ToolPageBuilder
        var serverFolder: OutputDirectory
        var toolsFolder: OutputDirectory
    }

    /// What the lists need of a server: where its pages are, and its tools' classifications
    /// (less than a ``ServerPlan``, which a server whose pages are unchanged never needs).
    struct Listing: Sendable {
        let server: CatalogServer
        let location: PageLocation
        let toolSegments: [String]
        let classifications: [ToolClassification]

        func toolLocation(_ index: Int) -> PageLocation {
            .tool(toolSegments[index], server: location.segments[1])
        }
    }

    func generate(_ server: CatalogServer, segment: String) async throws -> Result {
        let classifications = try await step(.classifying, server) { try await classify(server) }
        let listing = Listing(
            server: server, location: .server(segment), toolSegments: PathSegments.unique(for: server.tools.map(\.name)),
            classifications: classifications)
        let files = Self.files(listing)
        let key = pageKey(server, segment: segment)
        if let key { record.note(files[0], key: key) }
        if let key, record.holds(files, key: key) {
            for file in files { output.files.add(file) }
            let levelCounts = ServerPageBuilder.levelCounts(classifications).map(\.count)
            return result(listing, tally: WriteTally(written: 0, unchanged: files.count), levelCounts: levelCounts)
        }
        record.rendered(files.filter { $0.hasSuffix(".html") })
        let plan = try await workers.run { ServerPlan(server: server, segment: segment, classifications: classifications) }
        let prepared = try await step(.preparing, server) { try await workers.run { try prepare(plan) } }
        var tally = try await writeToolPages(prepared.builder, into: prepared.toolsFolder)
        let (serverTally, levelCounts) = try await step(.writingServerPage, server) {
            try await workers.run { () throws -> (WriteTally, [Int]) in
                let (model, head, policy) = ServerPageBuilder(plan: plan, site: site).page()
                let html = renderer.render("server", kind: "server", model: model, head: head, root: plan.location.root)
                var tally = WriteTally()
                tally.add(try prepared.serverFolder.write(html, named: "index.html"))
                tally.add(try prepared.serverFolder.write(Array(policy.utf8), named: "policy.json"))
                return (tally, model.levelCounts.map(\.count))
            }
        }
        tally.add(serverTally)
        return result(listing, tally: tally, levelCounts: levelCounts)
    }

    /// Every tool classified once, in its server's context (annotations trusted as far as the server earns).
    private func classify(_ server: CatalogServer) async throws -> [ToolClassification] {
        let context = ServerContext.of(server)
        let count = server.tools.count
        let chunks = stride(from: 0, to: count, by: Self.classifyChunk).map { $0..<min($0 + Self.classifyChunk, count) }
        return try await workers.all(chunks) { range in server.tools[range].map { Classifier.classify($0, in: context) } }.flatMap { $0 }
    }

    /// The files a server's pages are, below the output folder: its page first, its policy, its tools' pages.
    static func files(_ listing: Listing) -> [String] {
        let folder = listing.location.segments.joined(separator: "/")
        let tools = listing.server.tools.indices.map { listing.toolLocation($0).pathFromRoot }
        return [folder + "/index.html", folder + "/policy.json"] + tools
    }

    /// The key of a server's pages: its catalog entry (the bytes of its file and its tools'
    /// notes), its folder name, the catalog totals its pages mention and what every page shares;
    /// nil for a server not read from a file (always rendered).
    private func pageKey(_ server: CatalogServer, segment: String) -> String? {
        guard let path = server.sourcePath, let data = FileManager.default.contents(atPath: path) else { return nil }
        var hash = FNV1a()
        for part in [record.shared, segment, site.toolCountText, site.serverCountText] { hash.add(part) }
        data.withUnsafeBytes { hash.add($0) }
        for tool in server.tools { hash.add(tool.note.map { "note:" + $0 } ?? "") }
        return String(hash.value, radix: 16)
    }

    private func prepare(_ plan: ServerPlan) throws -> Prepared {
        let server = plan.server
        let segment = plan.location.segments[1]
        let serverFolder = try output.directory(plan.location.segments)
        let toolsFolder = try serverFolder.subdirectory("tools")
        // Every tool page sits at the same depth, so a tool's list item reads the same on all of them.
        let viewer = PageLocation.tool("_", server: segment)
        let items = server.tools.indices.map { renderer.templates.html("tool-item", plan.link($0, from: viewer)) }
        let builder = ToolPageBuilder(plan: plan, site: site, itemsHTML: items, prose: ToolProse(prose: renderer.templates.prose))
        return Prepared(builder: builder, serverFolder: serverFolder, toolsFolder: toolsFolder)
    }

    private func writeToolPages(_ builder: ToolPageBuilder, into folder: OutputDirectory) async throws -> WriteTally {
        let count = builder.plan.server.tools.count
        let chunks = stride(from: 0, to: count, by: Self.pageChunk).map { $0..<min($0 + Self.pageChunk, count) }
        return try await workers.all(chunks) { range in
            var tally = WriteTally()
            var rows: [ParameterRow: String] = [:]
            for index in range {
                var (model, head) = builder.page(for: index)
                model.parameters = model.parameters.map { row in
                    // The row without its HTML is the key: set rowHTML on the key and no row is ever found again.
                    let html = rows[row] ?? renderer.templates.html("parameter-row", row)
                    rows[row] = html
                    var row = row
                    row.rowHTML = html
                    return row
                }
                let html = renderer.render("tool", kind: "tool", model: model, head: head, root: model.root)
                do {
                    tally.add(try folder.write(html, named: "index.html", inSubdirectory: builder.plan.toolSegments[index]))
                } catch let error as SiteError {
                    throw SiteError.page(step: .writingToolPage, server: builder.plan.server.id, tool: model.name, cause: error)
                }
            }
            return tally
        }.reduce(into: WriteTally()) { $0.add($1) }
    }

    /// `body`, its failure named by the step and the server (a failure already named passes as it is).
    private func step<T>(_ step: GenerationStep, _ server: CatalogServer, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SiteError where error.failedPage == nil {
            throw SiteError.page(step: step, server: server.id, tool: nil, cause: error)
        }
    }

    private func result(_ plan: Listing, tally: WriteTally, levelCounts: [Int]) -> Result {
        let server = plan.server
        return Result(
            link: ServerLink(
                name: server.name, id: server.id, url: PageLocation.home.link(to: plan.location),
                summary: server.description.map { ToolProse.firstSentence($0) } ?? "", toolCount: server.tools.count,
                levelCounts: levelCounts),
            tools: server.tools.indices.map { index in
                let classification = plan.classifications[index]
                return ListedTool(
                    name: server.tools[index].name, title: server.tools[index].title ?? "",
                    description: server.tools[index].description, serverName: server.name, path: plan.toolLocation(index).pathFromRoot,
                    level: classification.level, category: classification.category, sensitivity: classification.sensitivity,
                    openWorld: classification.openWorld,
                    hasDescription: !server.tools[index].description.allSatisfy(\.isWhitespace),
                    patterns: site.patterns.patterns.indices.filter { site.patterns.patterns[$0].criteria.matches(classification) })
            },
            urls: [plan.location.canonicalURL(base: site.baseURL)]
                + server.tools.indices.map { plan.toolLocation($0).canonicalURL(base: site.baseURL) },
            pages: server.tools.count + 1, written: tally.written, unchanged: tally.unchanged,
            levelCounts: levelCounts)
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
