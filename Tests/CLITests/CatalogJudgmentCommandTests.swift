import Foundation
import JSON
import Testing

/// `gatehouse classify --annotations`, `catalog agreement --labels` and `catalog lint`, run as a user would.
@Suite struct CatalogJudgmentCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = root.appendingPathComponent("../shared").standardized.path

    @Test func annotationsPrintAPatchOfToolNamesToMCPAnnotations() async throws {
        let run = try await GatehouseBinary.run(["classify", "mcp-time", "--annotations", "--catalog", Self.shared + "/catalog"], in: Self.root.path)
        #expect(run.status == 0, "\(run.stderr)")
        let patch = try JSONParser.parse(run.stdout)
        #expect(patch["convert_time"] == ["readOnlyHint": true, "destructiveHint": false, "idempotentHint": true, "openWorldHint": false])
        #expect(patch.objectValue?.keys.sorted() == ["convert_time", "get_current_time"])
    }

    @Test func classifyJSONCarriesTheHintsWithTheirReasons() async throws {
        let run = try await GatehouseBinary.run(
            ["classify", "twenty-crm-jdu278", "UpdateOneConnectedAccount", "--json", "--catalog", Self.shared + "/catalog"], in: Self.root.path)
        #expect(run.status == 0, "\(run.stderr)")
        let first = try #require(try JSONParser.parse(run.stdout).arrayValue?.first)
        #expect(first["destructive"] == .bool(true))
        #expect(first["reversible"] == .bool(true))
        #expect(first["suggestedAnnotations"]?["destructiveHint"] == .bool(true))
        #expect(first["hintReasons"]?["destructiveHint"] == .string("'update' replaces what was there"))
        #expect(first["poisoning"] == .array([]))
    }

    /// Two processes, two hash seeds (Swift seeds `Hasher` per process): the same catalog must
    /// be judged the same, byte for byte — what one process comparing with itself cannot show.
    @Test(arguments: ["github-mcp-server", "stripe-mcp", "twenty-crm-jdu278"])
    func classificationIsTheSameInTwoProcesses(server: String) async throws {
        let arguments = ["classify", server, "--json", "--catalog", Self.shared + "/catalog"]
        let first = try await GatehouseBinary.run(arguments, in: Self.root.path)
        let second = try await GatehouseBinary.run(arguments, in: Self.root.path)
        #expect(first.status == 0 && second.status == 0, "\(first.stderr)\(second.stderr)")
        #expect(try JSONParser.parse(first.stdout).arrayValue?.isEmpty == false)
        #expect(first.stdout == second.stdout)
    }

    @Test func agreementWithLabelsPrintsTheFiveFiguresForBothHalves() async throws {
        let wild = Self.shared + "/wild-catalog"
        let run = try await GatehouseBinary.run(
            ["catalog", "agreement", "--catalog", wild, "--labels", wild + "/labels/dev.jsonl", "--json"], in: Self.root.path)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try JSONParser.parse(run.stdout)
        #expect(report["labelled"] == .int(435))
        for figure in ["read-only", "destructive", "open-world", "approval recall", "approval precision"] {
            #expect(report["figures"]?[figure]?["half1"]?["total"]?.intValue != nil, "\(figure)")
        }
        let usage = try await GatehouseBinary.run(["catalog", "agreement", "--half", "3", "--labels", "x"], in: Self.root.path)
        #expect(usage.status == 2)
    }

    @Test func lintIsCleanOnTheSharedCatalogAndFailsOnAContradiction() async throws {
        let clean = try await GatehouseBinary.run(["catalog", "lint", "--catalog", Self.shared + "/catalog"], in: Self.root.path)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.hasPrefix("ok: 0 contradiction(s) in 510 recommendations"))

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "---\ntitle: Every write needs a person\nsummary: S\nread-only: false\nanswered-by: gate\n---\nBody\n"
            .write(to: folder.appendingPathComponent("strict.md"), atomically: true, encoding: .utf8)
        let strict = try await GatehouseBinary.run(
            ["catalog", "lint", "--catalog", Self.shared + "/catalog", "--patterns", folder.path], in: Self.root.path)
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("github-mcp-server/create_issue: its page links 'Every write needs a person'"))
    }
}
