import Foundation
import JSON
import Testing

/// PolicyLayer's documents through `gatehouse check` and `gatehouse explain`, as a user runs
/// them: the policies of its public tool pages pass and decide as their pages say.
@Suite struct PolicyLayerCommandTests {
    /// The policy fixtures the Policy tests use (the seed page's, a hide, a block, a cap…).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("PolicyTests/Fixtures/valid")

    static let pages = ["seed", "policylayer-hide", "policylayer-block", "policylayer-financial-cap",
                        "policylayer-writing-policies", "mixed-forms"]

    func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-policylayer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in Self.pages {
            try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent(name + ".json").path,
                                             toPath: folder + "/" + name + ".json")
        }
        return folder
    }

    func explain(_ policy: String, _ tool: String, args: String = "{}", repeat count: Int = 1, in folder: String) async throws -> JSONValue {
        let run = try await GatehouseBinary.run(
            ["explain", policy + ".json", "--tool", tool, "--args", args, "--repeat", String(count), "--json"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONParser.parse(run.stdout)
    }

    @Test func thePublicPagesPoliciesPassCheck() async throws {
        let folder = try folder()
        let run = try await GatehouseBinary.run(["check"] + Self.pages.map { $0 + ".json" } + ["--json"], in: folder)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let results = try JSONParser.parse(run.stdout).arrayValue ?? []
        #expect(results.count == Self.pages.count)
        for result in results {
            #expect(result["problems"]?.arrayValue?.isEmpty == true, "\(result)")
        }
    }

    @Test func theSeedCapsItsToolAtThirtyAMinuteAndDeniesTheRest() async throws {
        let folder = try folder()
        let capped = try await explain("seed", "UpdateOneConnectedAccount", repeat: 31, in: folder)
        #expect(capped["decision"] == "rate_limited")
        #expect(capped["limits"]?[0]?["used"] == 30)
        #expect(capped["limits"]?[0]?["remaining"] == 0)
        let other = try await explain("seed", "DeleteOneConnectedAccount", in: folder)
        #expect(other["decision"] == "deny")
        #expect(other["rule"] == "/default")
        #expect(other["listed"] == false)
    }

    @Test func aHiddenToolIsDeniedAndNotListed() async throws {
        let folder = try folder()
        let hidden = try await explain("policylayer-hide", "DeleteManyPeople", in: folder)
        #expect(hidden["decision"] == "deny")
        #expect(hidden["rule"] == "/hide/0")
        #expect(hidden["listed"] == false)
        let shown = try await explain("policylayer-hide", "FindManyPeople", in: folder)
        #expect(shown["decision"] == "allow")
        #expect(shown["listed"] == true)
    }

    @Test func aDenyIfWithoutConditionsBlocksTheToolWithItsMessage() async throws {
        let folder = try folder()
        let blocked = try await explain("policylayer-block", "DeleteOneConnectedAccount", args: #"{"id": "1"}"#, in: folder)
        #expect(blocked["decision"] == "deny")
        #expect(blocked["rule"] == "/tools/DeleteOneConnectedAccount/deny_if/0")
        #expect(blocked["reason"]?.stringValue?.hasPrefix("DeleteOneConnectedAccount is blocked") == true)
    }

    @Test func aFinancialCapDeniesAboveItAndCountsBelowIt() async throws {
        let folder = try folder()
        let above = try await explain("policylayer-financial-cap", "create_payment_link", args: #"{"amount": 50001, "currency": "usd"}"#, in: folder)
        #expect(above["decision"] == "deny")
        #expect(above["rule"] == "/tools/create_payment_link/deny_if/0")
        #expect(above["reason"] == "Payment links above 500.00 need a person.")
        let asText = try await explain("policylayer-financial-cap", "create_payment_link", args: #"{"amount": "50001", "currency": "usd"}"#, in: folder)
        #expect(asText["decision"] == "deny", "an amount sent as a string does not walk around the cap")
        let below = try await explain("policylayer-financial-cap", "create_payment_link", args: #"{"amount": 100, "currency": "usd"}"#,
                                      repeat: 2, in: folder)
        #expect(below["decision"] == "allow")
        #expect(below["limits"]?[0]?["counter"] == "create_payment_link_rate")
        #expect(below["limits"]?[0]?["used"] == 2)
        let currency = try await explain("policylayer-financial-cap", "create_payment_link", args: #"{"amount": 100, "currency": "gbp"}"#, in: folder)
        #expect(currency["reason"] == "Payment links are in USD or EUR only.")
    }

    @Test func checkNamesAnUnknownPolicyLayerFieldWithADidYouMean() async throws {
        let folder = try folder()
        try #"{"version": "1", "default": "deny", "hidden": ["a"], "tools": {"t": {"deny_iff": [{"conditions": [], "ondeny": "x"}]}}}"#
            .write(toFile: folder + "/typo.json", atomically: true, encoding: .utf8)
        let run = try await GatehouseBinary.run(["check", "typo.json", "--json"], in: folder)
        #expect(run.status == 1)
        let problems = try JSONParser.parse(run.stdout)[0]?["problems"]?.arrayValue ?? []
        let lines = problems.map { "\($0["pointer"]?.stringValue ?? ""): \($0["message"]?.stringValue ?? "")" }
        #expect(lines == [
            "/hidden: unknown field 'hidden' (did you mean 'hide'?)",
            "/tools/t/deny_iff: unknown field 'deny_iff' (did you mean 'deny_if'?)",
        ])
    }

    // MARK: gatehouse policy import

    static let importFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("PolicyImportTests/Fixtures")

    @Test func importPrintsAPolicyThatPassesCheckAndNotesOnStderr() async throws {
        let folder = try folder()
        try FileManager.default.copyItem(atPath: Self.importFixtures.appendingPathComponent("github.yaml").path, toPath: folder + "/github.yaml")
        let run = try await GatehouseBinary.run(["policy", "import", "github.yaml"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("github.yaml: /tools/create_issue/rules/0/on_deny: a limit's on_deny is not carried"))
        try run.stdout.write(toFile: folder + "/converted.json", atomically: true, encoding: .utf8)
        let check = try await GatehouseBinary.run(["check", "converted.json"], in: folder)
        #expect(check.status == 0, "\(check.stdout)")
        let explained = try await explain("converted", "delete_repository", in: folder)
        #expect(explained["reason"] == "Repository deletion is not permitted via AI agents")
    }

    @Test func importSaysWhatItCouldNotCarryOverAndExitsOne() async throws {
        let folder = try folder()
        try FileManager.default.copyItem(atPath: Self.importFixtures.appendingPathComponent("lossy.yaml").path, toPath: folder + "/lossy.yaml")
        let run = try await GatehouseBinary.run(["policy", "import", "lossy.yaml", "--json"], in: folder)
        #expect(run.status == 1)
        let result = try JSONParser.parse(run.stdout)
        #expect(result["complete"] == false)
        #expect(result["notes"]?[0]?["pointer"] == "/owner")
        #expect(result["notes"]?[0]?["kind"] == "not_carried")

        try "tools: [".write(toFile: folder + "/broken.yaml", atomically: true, encoding: .utf8)
        let broken = try await GatehouseBinary.run(["policy", "import", "broken.yaml"], in: folder)
        #expect(broken.status == 1)
        #expect(broken.stdout.isEmpty)
        #expect(broken.stderr.contains("broken.yaml: not valid YAML"))
    }
}
