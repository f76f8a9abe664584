import Foundation
import Testing
@testable import SiteGenerator

/// A run over the input that made the output folder's site renders nothing (``InputDigest``);
/// any change to the input, or a listed file gone, renders again.
@Suite struct IncrementalTests {
    @Test func anUnchangedInputRendersNothingAndAMissingPageIsBroughtBack() async throws {
        let folder = SiteFixture.temporaryFolder("noop")
        let catalog = try SiteFixture.catalog(tools: [SiteFixture.tool("update_record"), SiteFixture.tool("list_records")], in: folder)
        let out = folder.appendingPathComponent("public")
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
}
