/// Whether a tool is destructive in MCP's sense: not read-only, and it may perform destructive
/// updates — delete, overwrite, replace, move, rename, close, cancel, reset, operate a page whose
/// buttons can do anything, run code, move money for good. A tool that only adds (create, append,
/// insert, send a new message, upload something new) is not (docs/classification.md).
enum DestructiveJudge {
    static func judge(_ facts: ToolFacts, _ findings: ActionFindings, _ assessment: Assessment) -> HintJudgement {
        judgeWithKind(facts, findings, assessment).judgement
    }

    static func judgeWithKind(_ facts: ToolFacts, _ findings: ActionFindings, _ assessment: Assessment) -> (judgement: HintJudgement, kind: DestructiveKind?) {
        let judgement = decide(facts, findings, assessment)
        guard judgement.value else { return (judgement, nil) }
        if assessment.runsCallerCode { return (judgement, .code) }
        if assessment.movesMoney { return (judgement, .money) }
        let overwriting = findings.verbs.filter { assessment.actions.contains($0.meaning.action) && $0.meaning.action.overwrites }.map(\.meaning.action)
        if overwriting.contains(.remove) { return (judgement, .removal) }
        if overwriting.contains(.change) { return (judgement, .overwrite) }
        if assessment.actions.contains(.interact) || overwriting.contains(.interact) { return (judgement, .interaction) }
        if overwriting.contains(.end) { return (judgement, .ending) }
        return (judgement, judgement.evidence?.source == .inputSchema ? .forcedOverwrite : .overwrite)
    }

    private static func decide(_ facts: ToolFacts, _ findings: ActionFindings, _ assessment: Assessment) -> HintJudgement {
        guard !assessment.readOnly else { return HintJudgement(false, because: "it only reads") }
        if assessment.runsCallerCode {
            if assessment.evidence.contains(where: { $0.text.contains("sandbox") }) || facts.description.words.contains("sandbox") {
                return HintJudgement(false, because: "it runs code in what its description calls a sandbox")
            }
            return HintJudgement(true, because: "the code it runs can change or delete anything the server can reach")
        }
        let versioned = EffectAssessor.isVersioned(facts)
        if assessment.movesMoney, !findings.contextWords.union(facts.description.words).isDisjoint(with: Vocabulary.chainWords) {
            return HintJudgement(true, because: "a signed transaction on a blockchain is final")
        }
        for verb in findings.verbs where assessment.actions.contains(verb.meaning.action) && verb.meaning.action.overwrites {
            if verb.meaning.action == .change, versioned, verb.meaning.irreversibleBecause == nil { continue }
            return HintJudgement(true, because: reason(for: verb), evidence: findings.evidence.first)
        }
        if assessment.actions.contains(.interact) {
            return HintJudgement(true, because: "what a click or a keystroke on a page sets off is up to the page")
        }
        if let loss = assessment.lossBecause {
            return HintJudgement(true, because: loss)
        }
        if !versioned, let force = facts.properties.first(where: { $0.isTopLevel && $0.isBoolean && !Set($0.words).isDisjoint(with: ["overwrite", "force", "replace", "clobber"]) }) {
            return HintJudgement(true, because: "input property '\(force.name)' lets it overwrite what is there",
                                 evidence: Evidence(.inputSchema, "input property '\(force.name)'"))
        }
        if versioned, assessment.actions.contains(.change) {
            return HintJudgement(false, because: "what it changes keeps its history (the definition speaks of a repository or commits)")
        }
        let verbs = findings.verbs.map(\.word).prefix(2).map { "'\($0)'" }.joined(separator: " and ")
        if assessment.noSignal || verbs.isEmpty {
            return HintJudgement(false, because: "nothing in its definition says it replaces or removes anything")
        }
        return HintJudgement(false, because: "what \(verbs) \(findings.verbs.count == 1 ? "does" : "do") adds to what exists and replaces or removes nothing")
    }

    private static func reason(for verb: FoundVerb) -> String {
        switch verb.meaning.action {
        case .remove: return "'\(verb.word)' removes what was there"
        case .end: return "'\(verb.word)' ends something that was running"
        case .interact: return "what '\(verb.word)' on a page sets off is up to the page"
        default: return "'\(verb.word)' replaces what was there"
        }
    }
}
