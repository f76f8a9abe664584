import ArgumentParser
import Foundation
import JSON
import SiteGenerator
import Synchronization

/// `gatehouse generate`: the docs site, from catalog folders, into a folder of static files.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate the docs site: a page per tool and server, search, sitemap.",
        discussion: """
            Classifies every tool of the catalog, renders the Markdown templates (Mustache), turns \
            them into HTML with cmark in safe mode, wraps them in the HTML layout, and writes a plain \
            static folder that works from file:// and from any web server: index.html, \
            servers/<server>/index.html and policy.json, servers/<server>/tools/<tool>/index.html and \
            policy.json, attack-patterns/<id>/index.html, 404.html, search/ (the search index in shards), sitemap.xml, \
            robots.txt and assets/. A file is rewritten only when its bytes change; the same input \
            gives the same bytes. The templates and attack patterns are built in; `gatehouse new site DIR` \
            writes them out to edit. See docs/site.md and templates/README.md (in a new site).

            Exit status: 0 when the site was written, 1 when the catalog, a template or an attack \
            pattern has a problem (each printed with its file and line) or the output cannot be written.

            Examples:
              gatehouse generate --catalog ../shared/catalog
              gatehouse generate --catalog content --catalog more/ --out /srv/www --base-url https://tools.example.com/
              gatehouse generate --templates my-templates --json
              gatehouse new site my-site && cd my-site && gatehouse generate
            """
    )

    @OptionGroup var catalog: CatalogOptions

    @OptionGroup var sources: SiteSourceOptions

    @Option(help: ArgumentHelp("The folder to write the site into (created when missing).", valueName: "dir"))
    var out: String = "public"

    @Option(help: ArgumentHelp(
        "The site's public address, for canonical URLs, OpenGraph and the sitemap "
            + "(default: http://127.0.0.1:8080/, with a warning: pass it explicitly to mean it).",
        valueName: "url"))
    var baseURL: String?

    @Option(help: ArgumentHelp("Threads that render and write pages (default: twice the cores).", valueName: "n"))
    var jobs: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard SiteURL(baseURL ?? SiteURL.local.value) != nil else {
            throw ValidationError(
                "--base-url must be an absolute http(s) URL without spaces, quotes, '?' or '#', e.g. https://tools.example.com/")
        }
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be between 1 and 256") }
    }

    func run() async throws {
        var configuration = SiteGenerator.Configuration(
            catalogDirectories: catalog.resolved, templatesDirectory: try sources.resolvedTemplates(),
            patternsDirectory: try sources.resolvedPatterns(),
            outputDirectory: out, baseURL: SiteURL(baseURL ?? SiteURL.local.value)!)
        configuration.baseURLIsDefault = baseURL == nil
        if let jobs { configuration.concurrency = jobs }
        let showsProgress = !output.json && isatty(STDERR_FILENO) == 1
        let meter = ProgressLine()
        let summary: GenerationSummary
        do {
            summary = try await SiteGenerator(configuration: configuration).generate(progress: showsProgress ? meter.update : nil)
        } catch {
            if showsProgress { meter.clear() }
            throw CommandFailure("\(error)\ngatehouse generate: nothing more was written; fix the problem above and run it again")
        }
        if showsProgress { meter.clear() }
        for warning in summary.warnings { Console.error("gatehouse generate: warning: \(warning)") }
        if output.json {
            Console.json(Self.json(summary))
        } else if isatty(STDOUT_FILENO) == 1 {
            Console.out(Self.block(summary))
        } else {
            Console.out(Self.line(summary))
        }
    }

    static func line(_ s: GenerationSummary) -> String {
        "generated \(s.pages) pages (\(s.toolPages) tools, \(s.servers) servers) in \(s.outputDirectory): "
            + "\(s.filesWritten) files written, \(s.filesUnchanged) unchanged, \(s.filesRemoved) removed, "
            + "\(String(format: "%.2f", s.seconds)) s (\(Int(s.pagesPerSecond.rounded())) pages/s)"
    }

    static func block(_ s: GenerationSummary) -> String {
        """
        Generated the site in \(s.outputDirectory)/
          pages   \(s.pages) (\(s.toolPages) tools, \(s.servers) servers, \(s.otherPages - s.servers) other); \
        \(s.renderedPages.count) rendered
          files   \(s.filesWritten) written, \(s.filesUnchanged) unchanged, \(s.filesRemoved) removed (left the catalog)
          time    \(String(format: "%.2f", s.seconds)) s (\(Int(s.pagesPerSecond.rounded())) pages/s)
        Open \(s.outputDirectory)/index.html, or serve the folder at \(SiteURL.local.value).
        """
    }

    static func json(_ s: GenerationSummary) -> JSONValue {
        [
            "output": .string(s.outputDirectory), "pages": .int(Int64(s.pages)), "toolPages": .int(Int64(s.toolPages)),
            "servers": .int(Int64(s.servers)), "otherPages": .int(Int64(s.otherPages)),
            "filesWritten": .int(Int64(s.filesWritten)), "filesUnchanged": .int(Int64(s.filesUnchanged)),
            "filesRemoved": .int(Int64(s.filesRemoved)), "pagesRendered": .int(Int64(s.renderedPages.count)),
            "warnings": .array(s.warnings.map { .string($0) }),
            "seconds": .double((s.seconds * 1000).rounded() / 1000), "pagesPerSecond": .double(s.pagesPerSecond.rounded()),
        ]
    }
}

/// One line on stderr, rewritten in place (at most ten times a second): pages done of total, and
/// pages per second.
final class ProgressLine: Sendable {
    private let lastShown = Mutex<ContinuousClock.Instant?>(nil)

    func update(_ progress: GenerationProgress) {
        let now = ContinuousClock.now
        let due = lastShown.withLock { last -> Bool in
            if let last, now - last < .milliseconds(100), progress.pagesDone < progress.pagesTotal { return false }
            last = now
            return true
        }
        guard due else { return }
        let percent = progress.pagesTotal > 0 ? progress.pagesDone * 100 / progress.pagesTotal : 100
        let text = "\r\u{1B}[2Kgenerating: \(progress.pagesDone)/\(progress.pagesTotal) pages (\(percent)%), "
            + "\(Int(progress.pagesPerSecond.rounded())) pages/s"
        FileHandle.standardError.write(Data(text.utf8))
    }

    func clear() {
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
