import Foundation
import JSON
import Policy
import TestSupport
import Testing
@testable import SiteGenerator

/// The pages of ../shared/catalog, byte for byte. Re-record after an intended change with
/// `GATEHOUSE_RECORD_GOLDEN=1 swift test --filter SiteGeneratorTests`.
@Suite struct GoldenPageTests {
    static let toolPage = "servers/twenty-crm-jdu278/tools/UpdateOneConnectedAccount/index.html"

    @Test func toolPageOfUpdateOneConnectedAccountMatchesTheGoldenFile() async throws {
        let site = try await SiteFixture.sharedSite.value
        try assertGolden(SiteFixture.read(site.appendingPathComponent(Self.toolPage)), file: "UpdateOneConnectedAccount.html")
    }

    @Test func serverPageOfMcpTimeMatchesTheGoldenFile() async throws {
        let site = try await SiteFixture.sharedSite.value
        try assertGolden(SiteFixture.read(site.appendingPathComponent("servers/mcp-time/index.html")), file: "server-mcp-time.html")
    }

    @Test func seedPolicyIsTheOneOnThePublicPageWeStartedFrom() throws {
        let seed = try String(contentsOfFile: SiteFixture.repositoryRoot.appendingPathComponent("../shared/seed/policylayer-tool-page.txt").standardized.path, encoding: .utf8)
        #expect(seed.contains(SeedPolicy.pretty.trimmingCharacters(in: .newlines)))
    }

    @Test func downloadedPolicyKeepsTheSeedsLimitGainsTheCredentialGuardAndPassesTheChecker() async throws {
        let policy = try await Self.downloadedPolicy()
        let checked = PolicyChecker.check(text: policy)
        #expect(checked.problems.isEmpty)
        let rule = try #require(checked.document?.tools.first { $0.key == "UpdateOneConnectedAccount" }?.rule)
        let seed = try #require(PolicyChecker.check(text: SeedPolicy.pretty).document?.tools.first?.rule)
        #expect(rule.limits == seed.limits)
        #expect(rule.action == .requireApproval)
    }

    @Test func pageShowsTheDownloadedPolicyInTheCodeBlockTheCopyButtonCopies() async throws {
        let page = try SiteFixture.read(try await SiteFixture.sharedSite.value.appendingPathComponent(Self.toolPage))
        let escaped = try await Self.downloadedPolicy().replacingOccurrences(of: "\"", with: "&quot;")
        #expect(page.contains("<code id=\"policy-json\" class=\"language-json\">\(escaped)</code>"))
        // Hidden until site.js shows it (without JavaScript it could do nothing); the outcome is announced.
        #expect(page.contains("<button type=\"button\" class=\"copy\" data-copy=\"policy-json\" hidden>Copy</button>"))
        #expect(page.contains("<span class=\"copy-status visually-hidden\" role=\"status\" aria-live=\"polite\"></span>"))
        #expect(page.contains("download=\"policy.json\""))
    }

    @Test func toolPageCarriesEverythingTheSeedPageCarries() async throws {
        let page = try SiteFixture.read(try await SiteFixture.sharedSite.value.appendingPathComponent(Self.toolPage))
        for heading in [
            "What UpdateOneConnectedAccount does on", "Why UpdateOneConnectedAccount needs a policy", "From the tool's definition",
            "Attack patterns", "How to control UpdateOneConnectedAccount", "Related tools on", "Questions about UpdateOneConnectedAccount",
        ] {
            #expect(page.contains(heading), "missing section '\(heading)'")
        }
        for question in ["What does the UpdateOneConnectedAccount tool do?", "What risk level is UpdateOneConnectedAccount?",
                         "Can I rate-limit UpdateOneConnectedAccount?", "What MCP server provides UpdateOneConnectedAccount?"] {
            #expect(page.contains(question))
        }
        // The seed's questions whose answers are the same for every tool (enforcing, blocking) are
        // on the shared FAQ page, which the page links.
        #expect(page.contains("<a href=\"../../../../faq/index.html\">the questions every tool shares</a>"))
        let faq = try SiteFixture.read(try await SiteFixture.sharedSite.value.appendingPathComponent("faq/index.html"))
        #expect(faq.contains("How do I enforce a policy on a tool?") && faq.contains("How do I block a tool completely?"))
        #expect(page.contains("<span class=\"badge risk-medium\">Medium risk</span>"))
        #expect(page.contains("\"@type\":\"FAQPage\""))
        #expect(page.contains("<link rel=\"canonical\" href=\"http://127.0.0.1:8080/servers/twenty-crm-jdu278/tools/UpdateOneConnectedAccount/\">"))
        #expect(page.contains("<meta property=\"og:url\""))
        #expect(page.contains("<meta name=\"description\""))
    }

    /// The policy the page's download link serves.
    static func downloadedPolicy() async throws -> String {
        let page = try SiteFixture.read(try await SiteFixture.sharedSite.value.appendingPathComponent(toolPage))
        let prefix = "<a class=\"download\" href=\"data:application/json;base64,"
        let start = try #require(page.range(of: prefix)).upperBound
        let end = try #require(page[start...].firstIndex(of: "\""))
        return String(decoding: try #require(Data(base64Encoded: String(page[start..<end]))), as: UTF8.self)
    }

    private func assertGolden(_ actual: String, file: String) throws {
        let url = SiteFixture.goldenFolder.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["GATEHOUSE_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: SiteFixture.goldenFolder, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "golden file \(file) differs; re-record with GATEHOUSE_RECORD_GOLDEN=1 if the change is intended")
    }
}
