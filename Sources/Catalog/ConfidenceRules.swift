/// How sure the classification is, calibrated on labelled tools (docs/classification.md,
/// "Confidence"): `high` is right at least 95% of the time there.
///
/// - **high**: a clear verb in the tool's name, open world decided by evidence (not by default),
///   and nothing pulling the other way — no vague verb, no guessed read, a description in English.
/// - **medium**: a clear verb somewhere (name, title, description or operations), or a clear
///   name verb with open world decided by default.
/// - **low**: only vague words, no verb at all, or a guess.
enum ConfidenceRules {
    static func confidence(_ findings: ActionFindings, _ assessment: Assessment, openWorldBasis: OpenWorldBasis, language: String?) -> Confidence {
        if assessment.noSignal || assessment.readByDefault || assessment.isVague { return .low }
        switch findings.confidence {
        case .high:
            return openWorldBasis == .tool ? .high : .medium
        case .medium:
            return .medium
        case .low:
            return .low
        }
    }
}
