import Catalog
import Testing

/// MCP annotations are untrusted hints: they may raise risk, and lower it only where the
/// definition agrees.
@Suite struct AnnotationPolicyTests {
    @Test func readOnlyHintAgreeingWithTheWordsIsQuoted() {
        let classification = SharedCatalog.classify("github-mcp-server", "list_issues")
        #expect(classification.readOnly)
        #expect(classification.evidence.map(\.text).contains("annotation readOnlyHint: true"))
    }

    @Test func readOnlyHintDoesNotLowerRiskTheWordsDoNotAgreeWith() {
        let tool = CatalogTool(name: "purge_cache", annotations: ToolAnnotations(readOnlyHint: true))
        let classification = Classifier.classify(tool)
        #expect(!classification.readOnly)
        #expect(classification.destructive)
        #expect(classification.evidence.contains { $0.text.hasPrefix("annotation readOnlyHint: true (not believed") })
    }

    @Test func readOnlyHintAloneDoesNotMakeAnUnknownToolSafe() {
        let tool = CatalogTool(name: "widget", annotations: ToolAnnotations(readOnlyHint: true))
        let classification = Classifier.classify(tool)
        #expect(classification.level == .medium)
        #expect(classification.confidence == .low)
        #expect(Recommender.recommend(for: tool, classification: classification).kind != .allow)
    }

    @Test func readOnlyHintFalseRaisesAToolTheWordsCallARead() {
        let tool = CatalogTool(name: "get_widget", annotations: ToolAnnotations(readOnlyHint: false))
        let classification = Classifier.classify(tool)
        #expect(!classification.readOnly)
        #expect(classification.category == .write)
    }

    @Test func destructiveHintRaisesRisk() {
        let tool = SharedCatalog.tool("kubernetes-mcp-server", "vm_create")
        #expect(!Classifier.classifyDefinitionOnly(tool).destructive)
        let withHints = SharedCatalog.classify("kubernetes-mcp-server", "vm_create")
        #expect(withHints.destructive)
        #expect(withHints.level >= .high)
        #expect(withHints.evidence.map(\.text).contains("annotation destructiveHint: true"))
    }

    @Test func destructiveHintFalseDoesNotLowerADeletion() {
        let tool = CatalogTool(name: "delete_widget", annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false))
        let classification = Classifier.classify(tool)
        #expect(classification.destructive)
        #expect(classification.evidence.contains { $0.text.hasPrefix("annotation destructiveHint: false (not believed") })
    }

    @Test func destructiveHintIsIgnoredOnAToolMarkedReadOnly() {
        let classification = SharedCatalog.classify("slack-mcp-server-korotovsky", "conversations_history")
        #expect(classification.readOnly)
        #expect(!classification.destructive)
    }

    @Test func aServerThatMarksReadOnlyToolsDestructiveHasItsDestructiveHintsIgnored() {
        let slack = SharedCatalog.server("slack-mcp-server-korotovsky")
        #expect(AnnotationTrust.of(slack) != .full)
        #expect(AnnotationTrust.of(SharedCatalog.server("github-mcp-server")) == .full)
        let classification = SharedCatalog.classify("slack-mcp-server-korotovsky", "reactions_add")
        #expect(!classification.destructive)
        #expect(classification.evidence.contains { $0.text.hasPrefix("annotation destructiveHint: true (ignored") })
    }

    @Test func openWorldHintRaises() {
        let description = "Converts a time between two time zones."
        let tool = CatalogTool(name: "convert_time", description: description, annotations: ToolAnnotations(openWorldHint: true))
        #expect(Classifier.classify(tool).openWorld)
        #expect(!Classifier.classify(CatalogTool(name: "convert_time", description: description)).openWorld)
    }

    @Test func aToolWithNoSignalIsNotLowAndNotAllowedOutright() {
        let tool = CatalogTool(name: "widget")
        let classification = Classifier.classify(tool)
        #expect(classification.level == .medium)
        #expect(classification.confidence == .low)
        #expect(classification.isGuess)
        #expect(Recommender.recommend(for: tool, classification: classification).kind == .limit)
    }

    @Test func declaredHintsTheDefinitionDoesNotBearOutAreListedWithWhy() {
        let tool = CatalogTool(name: "delete_widget", annotations: ToolAnnotations(readOnlyHint: false, destructiveHint: false))
        let disagreements = Classifier.classify(tool).hintDisagreements
        #expect(disagreements.map(\.hint) == ["destructiveHint"])
        #expect(disagreements.first?.because == "'delete' removes what was there")
    }
}
