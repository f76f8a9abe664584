/// Classifies a tool's risk from its definition alone — name, title, description, input schema
/// and annotations — and says why, quoting the evidence (docs/classification.md).
///
/// A pure, deterministic function: the same definition always gets the same classification.
/// The steps are small types, each in its own file:
/// `NameTokenizer` → `ActionDetector` (verbs and what they act on) → `SensitivityDetector` →
/// `EffectAssessor` (category, read-only, destructive, reversible) → `AnnotationPolicy`
/// (hints may raise risk, lower it only where the words agree) → `RiskLevelRules` →
/// `RationaleWriter`.
public enum Classifier {
    /// Classifies a tool, weighing all of its annotations.
    public static func classify(_ tool: CatalogTool) -> ToolClassification {
        classify(tool, trust: .full)
    }

    /// Classifies a tool of `server`, trusting its annotations as far as the server earns
    /// (``AnnotationTrust/of(_:)``). Prefer this when the server is known.
    public static func classify(_ tool: CatalogTool, on server: CatalogServer) -> ToolClassification {
        classify(tool, trust: AnnotationTrust.of(server))
    }

    /// Every tool of a server, in the server's order.
    public static func classifyAll(_ server: CatalogServer) -> [ToolClassification] {
        let trust = AnnotationTrust.of(server)
        return server.tools.map { classify($0, trust: trust) }
    }

    /// Classifies a tool from its name, title, description and input only, as if it had no
    /// annotations: what `gatehouse catalog agreement` compares with the annotations.
    public static func classifyDefinitionOnly(_ tool: CatalogTool) -> ToolClassification {
        var bare = tool
        bare.annotations = ToolAnnotations()
        return classify(bare, trust: .full)
    }

    public static func classify(_ tool: CatalogTool, trust: AnnotationTrust) -> ToolClassification {
        let facts = ToolFacts(tool)
        let findings = ActionDetector.detect(facts)
        let sensitivityFindings = SensitivityDetector.detect(facts)
        let sensitivity = sensitivityFindings.map(\.sensitivity)
        var assessment = EffectAssessor.assess(facts, findings, sensitivity: sensitivity)
        let hints = AnnotationPolicy.apply(tool.annotations, trust: trust, to: &assessment, findings: findings)
        let (level, levelReason) = RiskLevelRules.level(
            assessment, findings, sensitivity: sensitivity, facts: facts, raisedByHint: hints.raisedDestructive)
        let nameWords = Set(facts.nameWords)
        let quantity = nameWords.contains("one") ? "one" : nameWords.isDisjoint(with: Vocabulary.bulkWords) ? nil : "many"
        let rationale = RationaleWriter.write(
            name: tool.name, quantity: quantity, findings: findings, assessment: assessment, level: level,
            levelReason: levelReason, sensitivity: sensitivity, annotationNote: hints.note)
        let evidence = ordered(findings.evidence + assessment.evidence + sensitivityFindings.flatMap(\.evidence) + hints.evidence)
        return ToolClassification(
            category: assessment.category, level: level, readOnly: assessment.readOnly, destructive: assessment.destructive,
            reversible: assessment.reversible, openWorld: assessment.openWorld, sensitivity: sensitivity,
            rationale: rationale, evidence: evidence, confidence: assessment.noSignal ? .low : findings.confidence)
    }

    /// Name first, then description, input, annotations; each fact once.
    private static func ordered(_ evidence: [Evidence]) -> [Evidence] {
        let rank: [Evidence.Source: Int] = [.name: 0, .description: 1, .inputSchema: 2, .annotation: 3]
        var seen: Set<String> = []
        let unique = evidence.filter { seen.insert($0.text).inserted }
        return unique.enumerated()
            .sorted { (rank[$0.element.source] ?? 9, $0.offset) < (rank[$1.element.source] ?? 9, $1.offset) }
            .map(\.element)
    }
}
