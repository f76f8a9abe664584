import Catalog
import Foundation

/// Generates the docs site from catalog folders — a pipeline of small steps:
///
/// 1. load the catalog, the attack-pattern library and the templates (every problem reported);
/// 2. per server, a few servers at a time, in jobs of a few dozen pages on ``PageWorkers``:
///    classify every tool once → page models → Mustache renders the Markdown template →
///    directive lines set aside, cmark in safe mode, the directives' HTML partials put back → the
///    HTML layout → each file written only if its bytes changed;
/// 3. the home page, attack-pattern pages, 404, search index, sitemap, robots.txt and assets;
/// 4. files an earlier run wrote and this one did not are removed (``StaleFileSweep``).
///
/// A run whose input (``InputDigest``) is what made the output folder's site stops before step 1;
/// otherwise each page is rendered only when its own input changed (``PageRecord``): changing
/// one server renders its pages and the lists that show it.
///
/// Servers stream through a bounded window of tasks, so memory holds the catalog and a few
/// servers' pages, never the site. The same input gives byte-identical output.
public struct SiteGenerator: Sendable {
    public struct Configuration: Sendable {
        public var catalogDirectories: [String]
        public var templatesDirectory: String
        public var patternsDirectory: String
        public var outputDirectory: String
        public var baseURL: SiteURL
        public var siteName: String
        /// Threads that render and write pages (``PageWorkers``); servers in flight follow.
        public var concurrency: Int
        /// The base URL was not chosen (`--base-url` omitted): warn when it points at this machine.
        public var baseURLIsDefault = false

        public init(
            catalogDirectories: [String] = ["content"], templatesDirectory: String = "templates",
            patternsDirectory: String = "content/attack-patterns", outputDirectory: String = "public",
            baseURL: SiteURL = .local, siteName: String = "Gatehouse",
            concurrency: Int = 2 * ProcessInfo.processInfo.activeProcessorCount
        ) {
            self.catalogDirectories = catalogDirectories
            self.templatesDirectory = templatesDirectory
            self.patternsDirectory = patternsDirectory
            self.outputDirectory = outputDirectory
            self.baseURL = baseURL
            self.siteName = siteName
            self.concurrency = max(1, concurrency)
        }
    }

    public let configuration: Configuration

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Generates the site; `progress` is called as servers complete.
    public func generate(progress: (@Sendable (GenerationProgress) -> Void)? = nil) async throws(SiteError) -> GenerationSummary {
        let clock = ContinuousClock()
        let start = clock.now
        @Sendable func elapsed() -> Double {
            let duration = clock.now - start
            return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        let digest = InputDigest(configuration: configuration)
        let state = GenerationState(folder: configuration.outputDirectory)
        if var unchanged = state.unchangedSummary(for: digest) {
            unchanged.seconds = elapsed()
            return unchanged
        }
        let templates = try SiteTemplates.load(from: configuration.templatesDirectory)
        let patterns = try AttackPatternLibrary.load(from: configuration.patternsDirectory)
        let catalog: Catalog
        do {
            catalog = try Catalog.load(from: configuration.catalogDirectories)
        } catch {
            throw .catalog(error.problems)
        }
        let output = try OutputFolder(path: configuration.outputDirectory)
        let record = PageRecord(folder: configuration.outputDirectory, shared: digest.shared)
        let site = SiteFacts(
            name: configuration.siteName, baseURL: configuration.baseURL,
            toolCount: catalog.servers.reduce(0) { $0 + $1.tools.count }, serverCount: catalog.servers.count, patterns: patterns)
        let renderer = PageRenderer(templates: templates, siteName: configuration.siteName)
        let totalPages = site.toolCount + site.serverCount + patterns.patterns.count + 2

        let workers = PageWorkers(count: configuration.concurrency)
        defer { workers.shutdown() }
        let results: [ServerSection.Result]
        do {
            let section = ServerSection(renderer: renderer, output: output, site: site, workers: workers, record: record)
            results = try await generateServers(catalog, section: section) { done in
                progress?(GenerationProgress(pagesDone: done, pagesTotal: totalPages, seconds: elapsed()))
            }
        } catch let error as SiteError {
            throw error
        } catch {
            throw .output(path: configuration.outputDirectory, message: "\(error)")
        }
        var tally = WriteTally()
        for result in results { tally.add(WriteTally(written: result.written, unchanged: result.unchanged)) }
        let pages = RecordedPages(renderer: renderer, output: output, record: record)
        let finished: (tally: WriteTally, pages: Int)
        do {
            finished = try await SiteFinisher(pages: pages, site: site, templates: templates).writeSitePages(results, workers: workers)
        } catch let error as SiteError {
            throw error
        } catch {
            throw .output(path: configuration.outputDirectory, message: "\(error)")
        }
        tally.add(finished.tally)
        tally.add(try record.write(to: output))
        // The estimate counted one page per attack pattern; the lists' pages are known now.
        let pageCount = site.toolCount + site.serverCount + finished.pages
        let sweep = try StaleFileSweep(output: output).run()
        tally.add(sweep.list)
        progress?(GenerationProgress(pagesDone: pageCount, pagesTotal: pageCount, seconds: elapsed()))
        var summary = GenerationSummary(
            servers: site.serverCount, toolPages: site.toolCount, otherPages: pageCount - site.toolCount,
            filesWritten: tally.written, filesUnchanged: tally.unchanged, filesRemoved: sweep.removed, seconds: elapsed(),
            outputDirectory: configuration.outputDirectory,
            warnings: SiteWarnings.baseURL(configuration.baseURL, leftAtDefault: configuration.baseURLIsDefault)
                + SiteWarnings.duplicates(catalog.servers, folders: configuration.catalogDirectories),
            renderedPages: record.renderedPages)
        // Last, so an interrupted run leaves no record and the next one renders everything.
        var last = WriteTally()
        last.add(try output.root.write(GenerationState.record(digest, summary), named: InputDigest.fileName))
        summary.filesWritten += last.written
        summary.filesUnchanged += last.unchanged
        return summary
    }

    /// Every server's pages, a bounded number of servers at a time; results in catalog order.
    private func generateServers(
        _ catalog: Catalog, section: ServerSection, progress: @Sendable (Int) -> Void
    ) async throws -> [ServerSection.Result] {
        let servers = catalog.servers
        let segments = PathSegments.unique(for: servers.map(\.id))
        return try await withThrowingTaskGroup(of: (Int, ServerSection.Result).self) { group in
            var results = [ServerSection.Result?](repeating: nil, count: servers.count)
            var next = 0
            var done = 0
            func startNext() {
                guard next < servers.count else { return }
                let index = next
                next += 1
                group.addTask { (index, try await section.generate(servers[index], segment: segments[index])) }
            }
            // Enough servers in flight that the workers always have pages queued.
            for _ in 0..<(configuration.concurrency + 2) { startNext() }
            while let (index, result) = try await group.next() {
                results[index] = result
                done += result.pages
                progress(done)
                startNext()
            }
            return results.compactMap { $0 }
        }
    }
}
