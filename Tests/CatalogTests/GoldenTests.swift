import Catalog
import Foundation
import JSON
import Testing

/// Golden output of `gatehouse classify twenty-crm-jdu278 UpdateOneConnectedAccount --json`.
/// Re-record after an intended change with `GATEHOUSE_RECORD_GOLDEN=1 swift test --filter CatalogTests`.
@Suite struct GoldenTests {
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test func classifyOutputForUpdateOneConnectedAccountMatchesTheGoldenFile() throws {
        let classification = SharedCatalog.classify("twenty-crm-jdu278", "UpdateOneConnectedAccount")
        let actual = JSONWriter(style: .pretty).string(.array([classification.json(server: "twenty-crm-jdu278", tool: "UpdateOneConnectedAccount")])) + "\n"
        try assertGolden(actual, file: "classify-UpdateOneConnectedAccount.json")
    }

    @Test func goldenClassificationIsAMediumReversibleWriteTouchingCredentials() throws {
        // What the public page we started from says, checked independently of the golden bytes —
        // and, in MCP's own terms, an update: destructive (it replaces what was there), idempotent.
        let classification = SharedCatalog.classify("twenty-crm-jdu278", "UpdateOneConnectedAccount")
        #expect(classification.category == .write)
        #expect(classification.level == .medium)
        #expect(classification.reversible)
        #expect(classification.destructive)
        #expect(classification.idempotent)
        #expect(!classification.readOnly)
        #expect(classification.suggestedAnnotations == ToolAnnotations(readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true))
        #expect(classification.sensitivity.first == .credentials)
        let evidence = classification.evidence.map(\.text)
        for fact in ["tool name starts with 'UpdateOne'", "description says 'Update One connectedAccount'",
                     "input property 'refreshToken'", "input property 'accessToken'"] {
            #expect(evidence.contains(fact), "missing evidence: \(fact)")
        }
    }

    private func assertGolden(_ actual: String, file: String) throws {
        let url = Self.goldenFolder.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["GATEHOUSE_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenFolder, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "golden file \(file) differs; re-record with GATEHOUSE_RECORD_GOLDEN=1 if the change is intended")
    }
}
