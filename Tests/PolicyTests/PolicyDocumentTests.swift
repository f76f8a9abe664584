import JSON
import TestSupport
import Testing
@testable import Policy

@Suite struct PolicyDocumentTests {
    @Test func seedPrintsBackAsWritten() throws {
        let document = try PolicyChecker.load(text: SeedPolicy.compact)
        #expect(document.prettyText == SeedPolicy.pretty)
    }

    @Test func everyConstructRoundTrips() throws {
        let text = Fixtures.text("valid", "every-construct")
        let document = try PolicyChecker.load(text: text)
        let reparsed = try PolicyChecker.load(text: document.prettyText)
        #expect(reparsed == document)
        #expect(try JSONParser.parse(text) == document.json)
    }

    @Test func warnsAboutRulesForToolsTheServerLacks() throws {
        let document = try PolicyChecker.load(text: """
            {"version": "1", "tools": {"UpdateOneConectedAccount": {}, "Delete*": {}, "Zap*": {}, "ListPeople": {}}}
            """)
        let warnings = PolicyChecker.warnings(for: document, availableTools: ["UpdateOneConnectedAccount", "DeleteOnePerson", "ListPeople"])
        #expect(warnings.map(\.description) == [
            "/tools/UpdateOneConectedAccount: warning: the server has no tool named 'UpdateOneConectedAccount' (did you mean 'UpdateOneConnectedAccount'?)",
            "/tools/Zap*: warning: pattern 'Zap*' matches none of the server's 3 tools",
        ])
    }
}
