import Foundation
import JSON
import Testing
@testable import SiteGenerator

/// The same input gives the same bytes; a second run rewrites only what changed.
@Suite struct DeterminismTests {
    @Test func twoRunsIntoTwoFoldersGiveIdenticalBytes() async throws {
        let first = try await SiteFixture.sharedSite.value
        let second = SiteFixture.temporaryFolder("again").appendingPathComponent("public")
        try await SiteFixture.generate(catalogs: [SiteFixture.sharedCatalog], out: second.path)
        let files = SiteFixture.files(in: first)
        #expect(files == SiteFixture.files(in: second))
        for file in files {
            let a = FileManager.default.contents(atPath: first.appendingPathComponent(file).path)
            let b = FileManager.default.contents(atPath: second.appendingPathComponent(file).path)
            #expect(a == b, "\(file) differs between two runs")
        }
    }

    @Test func secondRunWritesNothing() async throws {
        let folder = SiteFixture.temporaryFolder("rerun")
        let catalog = try SiteFixture.catalog(tools: (1...40).map { SiteFixture.tool("update_record_\($0)") }, in: folder)
        let out = folder.appendingPathComponent("public").path
        let first = try await SiteFixture.generate(catalogs: [catalog], out: out)
        let second = try await SiteFixture.generate(catalogs: [catalog], out: out)
        #expect(first.filesWritten > 40)
        #expect(first.filesUnchanged == 0)
        #expect(second.filesWritten == 0)
        #expect(second.filesUnchanged == first.filesWritten)
    }

    @Test func changingOneToolRewritesOnlyThePagesThatShowIt() async throws {
        let folder = SiteFixture.temporaryFolder("incremental")
        var tools = (1...30).map { SiteFixture.tool("update_record_\($0)") } + (1...30).map { SiteFixture.tool("list_records_\($0)", description: "List records.") }
        let catalog = try SiteFixture.catalog(tools: tools, in: folder)
        let other = try SiteFixture.catalog(serverID: "other", name: "Other", tools: [SiteFixture.tool("get_thing")], in: folder)
        let out = folder.appendingPathComponent("public")
        let first = try await SiteFixture.generate(catalogs: [catalog, other], out: out.path)
        let untouched = try Data(contentsOf: out.appendingPathComponent("servers/other/tools/get_thing/index.html"))

        tools[40] = SiteFixture.tool("list_records_11", description: "List records, newest first.")
        _ = try SiteFixture.catalog(tools: tools, in: folder)
        let second = try await SiteFixture.generate(catalogs: [catalog, other], out: out.path)

        let page = try SiteFixture.read(out.appendingPathComponent("servers/hostile/tools/list_records_11/index.html"))
        #expect(page.contains("List records, newest first."))
        // The page itself, the pages that list it as related, its server's page, and the search
        // shards of the words it lost or gained ("newest", "first"), and the run's records of its
        // input and of its pages' keys.
        #expect(second.filesWritten >= 2)
        #expect(second.filesWritten <= 14)
        // (a new word can start a new search shard: written, not rewritten)
        #expect(second.filesUnchanged >= first.filesWritten - second.filesWritten)
        #expect(try Data(contentsOf: out.appendingPathComponent("servers/other/tools/get_thing/index.html")) == untouched)
    }
}
