import Foundation
import Testing
@testable import SiteGenerator

/// A run over the input that made the output folder's site renders nothing (``InputDigest``);
/// any change to the input, or a listed file gone, renders again — only the pages whose input
/// changed (``PageRecord``).
@Suite struct IncrementalTests {
    @Test func anUnchangedInputRendersNothingAndAMissingPageIsBroughtBack() async throws {
        let (catalog, out) = try SiteFixture.twoToolSite("noop")
        let first = try await SiteFixture.generate(catalogs: [catalog], out: out.path)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(InputDigest.fileName).path))

        let second = try await SiteFixture.generate(catalogs: [catalog], out: out.path)
        #expect(second.filesWritten == 0)
        #expect(second.pages == first.pages && second.servers == first.servers)

        let page = out.appendingPathComponent("servers/hostile/tools/list_records/index.html")
        try FileManager.default.removeItem(at: page)
        let third = try await SiteFixture.generate(catalogs: [catalog], out: out.path)
        #expect(third.filesWritten == 1)
        #expect(FileManager.default.fileExists(atPath: page.path))
    }

    @Test func aChangedCatalogFileOrBaseURLIsNewInput() throws {
        let folder = SiteFixture.temporaryFolder("digest")
        let catalog = try SiteFixture.catalog(tools: [SiteFixture.tool("update_record")], in: folder)
        var configuration = SiteFixture.configuration(catalogs: [catalog], out: folder.appendingPathComponent("public").path)
        let before = InputDigest(configuration: configuration)
        #expect(InputDigest(configuration: configuration) == before)
        _ = try SiteFixture.catalog(tools: [SiteFixture.tool("update_record", description: "Changed.")], in: folder)
        let changed = InputDigest(configuration: configuration)
        #expect(changed != before)
        configuration.baseURL = SiteURL("https://tools.example.com/")!
        #expect(InputDigest(configuration: configuration) != changed)
    }

    /// One server's file changes (its description and a tool's): the second run renders that
    /// server's pages and the pages that show what changed — every page whose bytes differ
    /// from the first run's, and no other — and its output is the from-scratch build's.
    @Test func changingOneServerRendersItsPagesAndTheListsShowingItOnly() async throws {
        let folder = SiteFixture.temporaryFolder("one-server")
        let catalog = try Self.copyOfSharedCatalog(into: folder)
        let out = folder.appendingPathComponent("public")
        let first = try await SiteFixture.generate(catalogs: [catalog.path], out: out.path)
        #expect(first.renderedPages.count == first.pages)
        let before = Self.contents(of: out)

        let file = catalog.appendingPathComponent("servers/mcp-time.json")
        var text = try SiteFixture.read(file)
        text = text.replacingOccurrences(of: "\"A Model Context Protocol server that provides time", with: "\"A changed server that provides time")
        text = text.replacingOccurrences(of: "\"Convert time between timezones\"", with: "\"Convert a time from one timezone to another\"")
        try Data(text.utf8).write(to: file)
        let second = try await SiteFixture.generate(catalogs: [catalog.path], out: out.path)
        let after = Self.contents(of: out)

        let changed = Set(after.keys.filter { $0.hasSuffix(".html") && after[$0] != before[$0] })
        let serverPages = Set(after.keys.filter { $0.hasPrefix("servers/mcp-time/") && $0.hasSuffix(".html") })
        #expect(serverPages.count == 3)
        #expect(changed.contains("directory/name/index.html"), "the directory shows the server's summary")
        #expect(Set(second.renderedPages) == serverPages.union(changed))
        #expect(second.renderedPages.count < first.renderedPages.count / 10)
        #expect(!second.renderedPages.contains { $0.hasPrefix("servers/") && !$0.hasPrefix("servers/mcp-time/") })

        let scratch = folder.appendingPathComponent("scratch")
        try await SiteFixture.generate(catalogs: [catalog.path], out: scratch.path)
        let fromScratch = Self.contents(of: scratch)
        #expect(after.keys.sorted() == fromScratch.keys.sorted())
        #expect(after.keys.filter { after[$0] != fromScratch[$0] }.sorted() == [])
    }

    /// A writable copy of ../shared/catalog's server files, made for one test.
    private static func copyOfSharedCatalog(into folder: URL) throws -> URL {
        let catalog = folder.appendingPathComponent("catalog")
        try FileManager.default.createDirectory(at: catalog, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: SiteFixture.sharedCatalog).appendingPathComponent("servers"), to: catalog.appendingPathComponent("servers"))
        return catalog
    }

    /// Every file below `folder`, path → bytes.
    private static func contents(of folder: URL) -> [String: Data] {
        var contents: [String: Data] = [:]
        for path in SiteFixture.files(in: folder) { contents[path] = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) }
        return contents
    }
}
