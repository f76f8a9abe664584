import Foundation
#if canImport(Glibc)
import Glibc
#endif
import JSON
import Testing
@testable import SiteGenerator

/// Pages of tools and servers that left the catalog leave `public/` too; nothing else does.
@Suite struct StaleFileSweepTests {
    let fileManager = FileManager.default

    @Test func theNextRunRemovesThePagesOfAToolAndAServerThatLeftTheCatalog() async throws {
        let folder = SiteFixture.temporaryFolder("stale")
        let tools = ["update_record", "delete_record", "list_records"].map { SiteFixture.tool($0) }
        let catalog = try SiteFixture.catalog(tools: tools, in: folder)
        let other = try SiteFixture.catalog(serverID: "other", name: "Other", tools: [SiteFixture.tool("get_thing")], in: folder)
        let out = folder.appendingPathComponent("public")
        let first = try await SiteFixture.generate(catalogs: [catalog, other], out: out.path)
        #expect(first.filesRemoved == 0)
        let gonePage = out.appendingPathComponent("servers/hostile/tools/delete_record")
        #expect(fileManager.fileExists(atPath: gonePage.appendingPathComponent("index.html").path))

        let shards = out.appendingPathComponent("search/t").path
        let shardsBefore = Set(try fileManager.contentsOfDirectory(atPath: shards))
        _ = try SiteFixture.catalog(tools: [tools[0], tools[2]], in: folder)
        let second = try await SiteFixture.generate(catalogs: [catalog], out: out.path)
        let shardsGone = shardsBefore.subtracting(try fileManager.contentsOfDirectory(atPath: shards))

        #expect(!fileManager.fileExists(atPath: gonePage.path), "the tool's folder is removed with its page")
        #expect(!fileManager.fileExists(atPath: out.appendingPathComponent("servers/other").path))
        #expect(fileManager.fileExists(atPath: out.appendingPathComponent("servers/hostile/tools/list_records/index.html").path))
        #expect(!shardsGone.isEmpty, "the search shards of terms only they had")
        // delete_record's page; other's page, policy and get_thing's page; those search shards.
        #expect(second.filesRemoved == 4 + shardsGone.count)
        let sitemap = try SiteFixture.read(out.appendingPathComponent("sitemap.xml"))
        #expect(!sitemap.contains("delete_record"))

        let third = try await SiteFixture.generate(catalogs: [catalog], out: out.path)
        #expect(third.filesRemoved == 0)
        #expect(third.filesWritten == 0)
    }

    @Test func filesTheGeneratorDidNotWriteAreLeftAlone() async throws {
        let folder = SiteFixture.temporaryFolder("stale-own")
        let catalog = try SiteFixture.catalog(tools: [SiteFixture.tool("update_record")], in: folder)
        let out = folder.appendingPathComponent("public")
        // A file from before any list was kept, and one a person put there.
        try fileManager.createDirectory(at: out.appendingPathComponent("servers/old/tools/gone"), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: out.appendingPathComponent("servers/old/tools/gone/index.html"))
        try Data("keep".utf8).write(to: out.appendingPathComponent("CNAME"))

        let first = try await SiteFixture.generate(catalogs: [catalog], out: out.path)
        let second = try await SiteFixture.generate(catalogs: [catalog], out: out.path)

        #expect(first.filesRemoved == 0 && second.filesRemoved == 0)
        #expect(fileManager.fileExists(atPath: out.appendingPathComponent("servers/old/tools/gone/index.html").path))
        #expect(try SiteFixture.read(out.appendingPathComponent("CNAME")) == "keep")
    }

    /// A one-tool site generated once; its folder, catalog and output folder.
    func generatedSite(_ label: String) async throws -> (folder: URL, catalog: String, out: URL) {
        let folder = SiteFixture.temporaryFolder(label)
        let catalog = try SiteFixture.catalog(tools: [SiteFixture.tool("update_record")], in: folder)
        let out = folder.appendingPathComponent("public")
        try await SiteFixture.generate(catalogs: [catalog], out: out.path)
        return (folder, catalog, out)
    }

    @Test func aListedPathIsNeverFollowedThroughASymbolicLinkOrOutOfTheFolder() async throws {
        let (folder, catalog, out) = try await generatedSite("stale-link")
        let outside = folder.appendingPathComponent("outside")
        try fileManager.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: outside.appendingPathComponent("index.html"))
        try fileManager.createSymbolicLink(at: out.appendingPathComponent("link"), withDestinationURL: outside)
        // A tampered list naming files through the link and above the folder.
        let list = out.appendingPathComponent(StaleFileSweep.manifestName)
        let tampered = try SiteFixture.read(list) + "link/index.html\n../outside/index.html\n/etc/hostname\n"
        try Data(tampered.utf8).write(to: list)

        let summary = try await SiteFixture.generate(catalogs: [catalog], out: out.path)

        #expect(summary.filesRemoved == 0)
        #expect(try SiteFixture.read(outside.appendingPathComponent("index.html")) == "precious")
    }

    @Test func aFIFOInPlaceOfTheListIsAClearErrorNotAHang() async throws {
        let (_, catalog, out) = try await generatedSite("stale-fifo")
        let list = out.appendingPathComponent(StaleFileSweep.manifestName).path
        try FileManager.default.removeItem(atPath: list)
        #expect(mkfifo(list, 0o644) == 0)
        await #expect(throws: SiteError.self) { try await SiteFixture.generate(catalogs: [catalog], out: out.path) }
    }
}
