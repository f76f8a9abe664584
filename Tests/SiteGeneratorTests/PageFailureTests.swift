import Foundation
import Testing
@testable import SiteGenerator

/// A page that cannot be written stops the run with an error naming the step, the server and the tool.
@Suite struct PageFailureTests {
    @Test func aToolPageThatCannotBeWrittenNamesTheStepTheServerAndTheTool() async throws {
        let (catalog, out) = try SiteFixture.twoToolSite("page-failure")
        // A file where the tool's folder goes: the page cannot be written.
        let tools = out.appendingPathComponent("servers/hostile/tools")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        try Data("in the way".utf8).write(to: tools.appendingPathComponent("list_records"))

        let error = await #expect(throws: SiteError.self) { try await SiteFixture.generate(catalogs: [catalog], out: out.path) }
        let failed = try #require(error?.failedPage)
        #expect(failed.step == .writingToolPage)
        #expect(failed.server == "hostile")
        #expect(failed.tool == "list_records")
        let text = String(describing: try #require(error))
        #expect(text.hasPrefix("writing the page, tool 'list_records' of server 'hostile': "))
        #expect(text.contains("servers/hostile/tools/list_records"))
    }
}
