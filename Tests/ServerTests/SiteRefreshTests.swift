import Foundation
import Logging
import SiteGenerator
import Testing
@testable import Server

/// `gatehouse serve` generates the site when public/ is missing or older than its sources.
@Suite struct SiteRefreshTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-refresh-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func touch(_ path: String, _ date: Date) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8)) }
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
    }

    @Test func aMissingSiteNeedsGenerating() throws {
        let root = try folder()
        #expect(SiteRefresh.reason(output: root + "/public", sources: [root + "/templates"]) == .missing)
    }

    @Test func aSiteNewerThanEverySourceIsCurrent() throws {
        let root = try folder()
        let old = Date(timeIntervalSinceNow: -3_600)
        try touch(root + "/content/servers/a.json", old)
        try touch(root + "/templates/layout.html.mustache", old)
        for folder in ["/content/servers", "/content", "/templates"] { try touch(root + folder, old) }
        try touch(root + "/public/" + SiteRefresh.stampName, Date())
        #expect(SiteRefresh.reason(output: root + "/public", sources: [root + "/content", root + "/templates"]) == nil)
    }

    @Test func aChangedTemplateOrCatalogFileMakesTheSiteStale() throws {
        let root = try folder()
        let old = Date(timeIntervalSinceNow: -3_600)
        try touch(root + "/public/index.html", old.addingTimeInterval(60))
        try touch(root + "/content/servers/a.json", old)
        try touch(root + "/templates/layout.html.mustache", Date())
        for folder in ["/content/servers", "/content", "/templates"] { try touch(root + folder, old) }
        let reason = SiteRefresh.reason(output: root + "/public", sources: [root + "/content", root + "/templates"])
        #expect(reason == .sourcesChanged(newest: root + "/templates/layout.html.mustache"))
    }

    @Test func refreshGeneratesTheSiteWithThePagesAndThenLeavesItAlone() async throws {
        let root = try folder()
        let configuration = SiteGenerator.Configuration(
            catalogDirectories: [BuilderFixture.sharedCatalog],
            templatesDirectory: try SiteDefaults.builtInTemplates(),
            patternsDirectory: try SiteDefaults.builtInPatterns(),
            outputDirectory: root + "/public")
        let logger = Logger(label: "site-refresh-tests")
        let first = await SiteRefresh.refreshIfNeeded(configuration, logger: logger)
        guard case .generated(let pages, _, _) = first else {
            Issue.record("expected a generation, got \(first)")
            return
        }
        #expect(pages > 510)
        // The gateway's own pages are not part of the static site.
        #expect(!FileManager.default.fileExists(atPath: root + "/public/assets/app"))
        #expect(await SiteRefresh.refreshIfNeeded(configuration, logger: logger) == .current)
    }

    @Test func withoutTemplatesNothingIsGenerated() async throws {
        let root = try folder()
        let configuration = SiteGenerator.Configuration(templatesDirectory: root + "/templates", outputDirectory: root + "/public")
        #expect(await SiteRefresh.refreshIfNeeded(configuration, logger: Logger(label: "t")) == .noTemplates)
        #expect(!FileManager.default.fileExists(atPath: root + "/public"))
    }
}
