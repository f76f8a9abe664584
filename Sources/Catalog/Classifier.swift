/// Classifies a tool's risk from its definition alone — name, title, description, input schema
/// and annotations, and what its server's description says — and says why, quoting the evidence
/// (docs/classification.md).
///
/// A pure, deterministic function: the same definition always gets the same classification.
/// The steps are small types, each in its own file:
/// `NameTokenizer` → `ActionDetector` (verbs and what they act on) → `SensitivityDetector` →
/// `EffectAssessor` (category, read-only, reversible, with `ActionRefiner`) → MCP's hints
/// (`DestructiveJudge`, `IdempotenceJudge`, `OpenWorldJudge`) → `PoisoningDetector` →
/// `AnnotationPolicy` (hints may raise risk, lower it only where the words agree) →
/// `RiskLevelRules` → `ConfidenceRules` → `RationaleWriter`.
public enum Classifier {
    /// Classifies a tool on its own, weighing all of its annotations.
    public static func classify(_ tool: CatalogTool) -> ToolClassification {
        classify(tool, in: .standalone)
    }

    /// Classifies a tool of `server`, in the context its server gives (``ServerContext/of(_:)``).
    /// Prefer ``classifyAll(_:)`` for a whole server: it reads the context once.
    public static func classify(_ tool: CatalogTool, on server: CatalogServer) -> ToolClassification {
        classify(tool, in: ServerContext.of(server))
    }

    /// Every tool of a server, in the server's order.
    public static func classifyAll(_ server: CatalogServer) -> [ToolClassification] {
        let context = ServerContext.of(server)
        return server.tools.map { classify($0, in: context) }
    }

    /// Classifies a tool weighing its annotations as `trust` allows, with no server context.
    public static func classify(_ tool: CatalogTool, trust: AnnotationTrust) -> ToolClassification {
        var context = ServerContext.standalone
        context.trust = trust
        return classify(tool, in: context)
    }

    /// Classifies a tool from its name, title, description and input only, as if it had no
    /// annotations: what `gatehouse catalog agreement` compares with the annotations.
    public static func classifyDefinitionOnly(_ tool: CatalogTool, in context: ServerContext = .standalone) -> ToolClassification {
        var bare = tool
        bare.annotations = ToolAnnotations()
        return classify(bare, in: context)
    }

    public static func classify(_ tool: CatalogTool, in context: ServerContext) -> ToolClassification {
        let facts = ToolFacts(tool)
        let findings = ActionDetector.detect(facts)
        let sensitivityFindings = SensitivityDetector.detect(facts)
        let sensitivity = sensitivityFindings.map(\.sensitivity)
        var assessment = EffectAssessor.assess(facts, findings, sensitivity: sensitivity, server: context)
        let readOnly = HintJudgement(
            assessment.readOnly, because: assessment.readOnly ? "every verb it uses reads" : "it does more than read")
        let (destructive, destructiveKind) = DestructiveJudge.judgeWithKind(facts, findings, assessment)
        let idempotent = IdempotenceJudge.judge(facts, findings, assessment)
        let (openWorld, openWorldBasis) = OpenWorldJudge.judge(facts, findings, assessment, server: context)
        let judged = MCPHints(readOnly: readOnly, destructive: destructive, idempotent: idempotent, openWorld: openWorld)
        assessment.destructive = destructive.value
        assessment.openWorld = openWorld.value

        let poisoning = PoisoningDetector.detect(tool, description: facts.description)
        let hints = AnnotationPolicy.apply(tool.annotations, trust: context.trust, to: &assessment, findings: findings, judged: judged)
        var (level, levelReason) = RiskLevelRules.level(
            assessment, findings, sensitivity: sensitivity, facts: facts, raisedByHint: hints.raisedDestructive)
        if !poisoning.isEmpty, level < .high {
            (level, levelReason) = (.high, "its definition carries instructions aimed at the model, so whatever it says it does cannot be taken at its word")
        }
        let language = DescriptionLanguage.of(tool.description)
        let arguments = ArgumentRoles.find(facts, readOnly: assessment.readOnly)
        let credentialChange = CredentialChange.of(
            actions: assessment.actions, sensitivity: sensitivityFindings, arguments: arguments, properties: facts.properties)
        let confidence = ConfidenceRules.confidence(findings, assessment, openWorldBasis: openWorldBasis, language: language)
        let rationale = RationaleWriter.write(RationaleWriter.Input(
            name: tool.name, facts: facts, findings: findings, assessment: assessment, judged: judged, level: level,
            levelReason: levelReason, sensitivity: sensitivityFindings, annotationNote: hints.note, poisoning: poisoning, language: language))
        let evidence = ordered(poisoning.map(\.evidence) + findings.evidence + assessment.evidence
            + sensitivityFindings.flatMap(\.evidence) + [openWorld.evidence, destructive.evidence].compactMap { $0 } + hints.evidence)
        var classification = ToolClassification(
            category: assessment.category, level: level, readOnly: assessment.readOnly, destructive: assessment.destructive,
            idempotent: assessment.readOnly || idempotent.value, reversible: assessment.reversible, openWorld: assessment.openWorld,
            sensitivity: sensitivity, rationale: rationale, evidence: evidence, confidence: confidence, hints: judged,
            hintDisagreements: disagreements(tool.annotations, judged, trust: context.trust), poisoning: poisoning,
            descriptionLanguage: language, arguments: arguments, credentialChange: credentialChange)
        classification.destructiveKind = destructiveKind
        classification.isVersioned = EffectAssessor.isVersioned(facts)
        classification.openWorldByDefault = openWorldBasis == .none
        classification.isRequestTool = arguments.url != nil && !findings.ownActions.isEmpty && findings.ownActions.isSubset(of: [.read, .navigate])
        classification.rewritesInstructions = InstructionRewrite.of(facts, findings, kind: destructiveKind)
        classification.isGuess = assessment.readByDefault || assessment.noSignal || assessment.isVague
        return classification
    }

    /// Declared hints that the definition does not bear out. `destructiveHint` and
    /// `idempotentHint` mean something only for tools that are not read-only (MCP).
    static func disagreements(_ declared: ToolAnnotations, _ judged: MCPHints, trust: AnnotationTrust) -> [HintDisagreement] {
        var found: [HintDisagreement] = []
        func compare(_ name: String, _ value: Bool?, _ judgement: HintJudgement) {
            guard let value, value != judgement.value else { return }
            found.append(HintDisagreement(hint: name, declared: value, suggested: judgement.value, because: judgement.because))
        }
        compare("readOnlyHint", declared.readOnlyHint, judged.readOnly)
        if declared.readOnlyHint != true, !judged.readOnly.value {
            if trust.trustsDestructiveHint { compare("destructiveHint", declared.destructiveHint, judged.destructive) }
            compare("idempotentHint", declared.idempotentHint, judged.idempotent)
        }
        compare("openWorldHint", declared.openWorldHint, judged.openWorld)
        return found
    }

    /// Name first, then description, input, server, annotations; each fact once.
    private static func ordered(_ evidence: [Evidence]) -> [Evidence] {
        let rank: [Evidence.Source: Int] = [.name: 0, .description: 1, .inputSchema: 2, .server: 3, .annotation: 4]
        var seen: Set<String> = []
        let unique = evidence.filter { seen.insert($0.text).inserted }
        return unique.enumerated()
            .sorted { (rank[$0.element.source] ?? 9, $0.offset) < (rank[$1.element.source] ?? 9, $1.offset) }
            .map(\.element)
    }
}
