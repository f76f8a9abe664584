import Catalog
import Policy
import Testing
@testable import SiteGenerator

/// `gatehouse catalog lint`: every recommendation gives an answer each attack pattern its page
/// links accepts — on both shared catalogs — and a rule that does not is reported.
@Suite struct RecommendationLintTests {
    static let wildCatalog = SiteFixture.repositoryRoot.appendingPathComponent("../shared/wild-catalog").standardized.path

    @Test(arguments: [SiteFixture.sharedCatalog, wildCatalog])
    func noRecommendationContradictsThePatternsItsPageLinks(_ folder: String) throws {
        let result = RecommendationLint.check(try Catalog.load(from: [folder]), patterns: try AttackPatternLibrary.load(from: SiteFixture.patterns))
        #expect(result.contradictions.isEmpty, "\(result.contradictions.prefix(5).map(\.description))")
        #expect(result.links > result.checked)
    }

    @Test func everyPatternSaysWhatAnswersIt() throws {
        for pattern in try AttackPatternLibrary.load(from: SiteFixture.patterns).patterns {
            #expect(!pattern.answeredBy.isEmpty, "\(pattern.id) has no 'answered-by'")
        }
    }

    @Test func aRuleThatGivesNoAnswerIsAContradiction() throws {
        let strict = try AttackPatternLibrary.parse("---\ntitle: Writes need a person\nsummary: S\nread-only: false\nanswered-by: gate\n---\nBody", id: "strict", file: "strict.md")
        let catalog = Catalog(servers: [CatalogServer(id: "s", name: "s", tools: [CatalogTool(name: "create_note", description: "Creates a note.")])])
        let result = RecommendationLint.check(catalog, patterns: AttackPatternLibrary(patterns: [strict]))
        #expect(result.contradictions.map(\.description) == [
            "s/create_note: its page links 'Writes need a person' (answered by gate), but the recommended rule (limit) gives none of these",
        ])
    }

    @Test(arguments: [
        (RuleAnswer.gate, ToolRule(action: .requireApproval), true), (.gate, ToolRule(action: .deny, reason: "r"), true),
        (.gate, ToolRule(limits: [Limit(counter: "c", window: .minute, max: 5, scope: .grant)]), false),
        (.limit, ToolRule(limits: [Limit(counter: "c", window: .minute, max: 5, scope: .grant)]), true), (.limit, ToolRule(action: .allow), false),
    ])
    func answersAreFactsAboutTheRule(_ answer: RuleAnswer, _ rule: ToolRule, _ given: Bool) {
        let classification = Classifier.classify(CatalogTool(name: "create_note"))
        #expect(answer.isGiven(by: rule, for: classification) == given)
    }
}
