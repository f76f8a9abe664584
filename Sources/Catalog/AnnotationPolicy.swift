/// Weighs a tool's MCP annotations — untrusted hints — against what its definition says.
///
/// The rule (docs/classification.md): a hint may raise risk on its own; it may lower risk only
/// where the name, description or input agree. `destructiveHint` means something only for a
/// tool that is not read-only (MCP specification), so it is ignored on a tool marked read-only.
enum AnnotationPolicy {
    struct Outcome: Sendable {
        var evidence: [Evidence] = []
        /// One sentence for the rationale when a hint changed or contradicted the verdict.
        var note: String?
        /// The hints made the tool destructive where its words did not.
        var raisedDestructive = false
    }

    static func apply(
        _ hints: ToolAnnotations, trust: AnnotationTrust, to assessment: inout Assessment, findings: ActionFindings, judged: MCPHints
    ) -> Outcome {
        var outcome = Outcome()
        applyReadOnly(hints.readOnlyHint, to: &assessment, findings: findings, outcome: &outcome)
        applyDestructive(hints, trust: trust, to: &assessment, because: judged.destructive.because, outcome: &outcome)
        if hints.openWorldHint == true, !assessment.openWorld {
            assessment.openWorld = true
            outcome.evidence.append(Evidence(.annotation, "annotation openWorldHint: true"))
        }
        return outcome
    }

    private static func applyReadOnly(_ hint: Bool?, to assessment: inout Assessment, findings: ActionFindings, outcome: inout Outcome) {
        switch (hint, assessment.readOnly) {
        case (true?, true):
            outcome.evidence.append(Evidence(.annotation, "annotation readOnlyHint: true"))
        case (true?, false):
            let because = assessment.noSignal
                ? "nothing else in the definition says it only reads"
                : "its words say '\(findings.verbs.map(\.word).joined(separator: "', '"))'"
            outcome.evidence.append(Evidence(.annotation, "annotation readOnlyHint: true (not believed: \(because))"))
            outcome.note = "The server marks it read-only, but \(because), and a hint alone never lowers risk."
        case (false?, true):
            assessment.readOnly = false
            assessment.category = .write
            assessment.reversible = false
            outcome.evidence.append(Evidence(.annotation, "annotation readOnlyHint: false"))
            outcome.note = "Its words say it reads, but the server says it changes data, so it is treated as a write."
        case (false?, false):
            outcome.evidence.append(Evidence(.annotation, "annotation readOnlyHint: false"))
        case (nil, _):
            break
        }
    }

    private static func applyDestructive(_ hints: ToolAnnotations, trust: AnnotationTrust, to assessment: inout Assessment, because ours: String, outcome: inout Outcome) {
        guard let hint = hints.destructiveHint else { return }
        if hints.readOnlyHint == true {
            if hint {
                outcome.evidence.append(Evidence(.annotation, "annotation destructiveHint: true (ignored: the tool is also marked read-only, and MCP gives destructiveHint meaning only for tools that are not)"))
            }
            return
        }
        if case .readOnlyHintOnly(let reason) = trust {
            outcome.evidence.append(Evidence(.annotation, "annotation destructiveHint: \(hint) (ignored: \(reason))"))
            return
        }
        switch (hint, assessment.destructive) {
        case (true, true), (false, false):
            outcome.evidence.append(Evidence(.annotation, "annotation destructiveHint: \(hint)"))
        case (true, false):
            assessment.destructive = true
            assessment.reversible = false
            assessment.readOnly = false
            if [.read, .write].contains(assessment.category) { assessment.category = .destructive }
            assessment.lossBecause = assessment.lossBecause ?? "the server itself marks it destructive"
            outcome.raisedDestructive = true
            outcome.evidence.append(Evidence(.annotation, "annotation destructiveHint: true"))
            if outcome.note == nil {
                outcome.note = "Its words do not say it deletes anything, but the server marks it destructive, and a hint may always raise risk."
            }
        case (false, true):
            outcome.evidence.append(Evidence(.annotation, "annotation destructiveHint: false (not believed: \(ours))"))
            if outcome.note == nil {
                outcome.note = "The server says it is not destructive, but \(ours), and a hint alone never lowers risk."
            }
        }
    }

}
