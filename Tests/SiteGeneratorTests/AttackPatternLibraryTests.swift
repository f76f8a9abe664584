import Catalog
import Testing
@testable import SiteGenerator

@Suite struct AttackPatternLibraryTests {
    @Test func projectLibraryLoadsAndCoversTheIssuesPatterns() throws {
        let library = try AttackPatternLibrary.load(from: SiteFixture.patterns)
        let ids = Set(library.patterns.map(\.id))
        for id in ["runaway-loops", "prompt-injected-bulk-writes", "credential-theft", "data-exfiltration", "tool-poisoning-and-rug-pulls"] {
            #expect(ids.contains(id))
        }
    }

    @Test func patternsAreChosenByCategoryAndSensitivity() throws {
        let library = try AttackPatternLibrary.load(from: SiteFixture.patterns)
        let write = ToolClassification(category: .write, level: .medium, readOnly: false, destructive: false, reversible: true,
                                       openWorld: false, sensitivity: [.credentials], rationale: "", evidence: [])
        let read = ToolClassification(category: .read, level: .low, readOnly: true, destructive: false, reversible: true,
                                      openWorld: false, sensitivity: [], rationale: "", evidence: [])
        #expect(library.patterns(for: write).map(\.id) == ["runaway-loops", "prompt-injected-bulk-writes", "credential-theft"])
        #expect(library.patterns(for: read).map(\.id).isEmpty)
        var poisoned = read
        poisoned.poisoning = [PoisoningFinding(kind: .concealment, location: "description", quote: "do not tell the user")]
        #expect(library.patterns(for: poisoned).map(\.id) == ["tool-poisoning-and-rug-pulls"])
    }

    @Test func unknownKeyNamesTheFileAndLine() {
        #expect(throws: SiteError.self) {
            try AttackPatternLibrary.parse("---\ntitle: T\nsummary: S\ncategory: write\n---\nBody", id: "x", file: "x.md")
        }
        do {
            _ = try AttackPatternLibrary.parse("---\ntitle: T\nsummary: S\ncategory: write\n---\nBody", id: "x", file: "x.md")
        } catch {
            #expect(error.description == "x.md:4: unknown key 'category' (did you mean 'categories'?)")
        }
    }

    @Test func unknownCategoryIsAnError() {
        do {
            _ = try AttackPatternLibrary.parse("---\ntitle: T\nsummary: S\ncategories: wirte\n---\n", id: "x", file: "x.md")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("x.md:4: unknown value 'wirte' in 'categories' (did you mean 'write'?)"))
        }
    }
}
