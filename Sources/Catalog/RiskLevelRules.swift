/// The risk level of a tool, from its category and what raises it (docs/classification.md):
///
/// | category | low | medium | high | critical |
/// |---|---|---|---|---|
/// | read | touches nothing sensitive | touches sensitive data | reveals credentials | — |
/// | write | — | default | many records at once, or infrastructure | — |
/// | communicate | — | default | many recipients, public, or mail/SMS | — |
/// | destructive | — | — | default | many records, or a whole container |
/// | execute | — | — | runs predefined jobs | runs code the caller writes |
/// | financial | — | — | billing changes | moves money |
/// | admin | — | — | settings and members | credentials, permissions, roles |
///
/// A tool whose definition says nothing is medium, never low.
enum RiskLevelRules {
    /// The level and the reason, as a clause for the rationale.
    static func level(
        _ assessment: Assessment, _ findings: ActionFindings, sensitivity: [Sensitivity], facts: ToolFacts, raisedByHint: Bool
    ) -> (level: RiskLevel, reason: String) {
        var result = baseLevel(assessment, findings, sensitivity: sensitivity, facts: facts)
        if raisedByHint, result.level < .high {
            result = (.high, "the server marks it destructive")
        }
        return result
    }

    private static func baseLevel(
        _ assessment: Assessment, _ findings: ActionFindings, sensitivity: [Sensitivity], facts: ToolFacts
    ) -> (level: RiskLevel, reason: String) {
        if assessment.noSignal {
            return (.medium, "its definition does not say what it does, so it cannot be called safe")
        }
        let objects = findings.contextWords
        switch assessment.category {
        case .read:
            if sensitivity.contains(.credentials) { return (.high, "what it returns can include secrets") }
            if !sensitivity.isEmpty { return (.medium, "it changes nothing, but an agent could pass what it returns on") }
            if assessment.openWorld { return (.medium, "it reaches outside systems, and what it sends out (a URL, a query) can carry data away") }
            return (.low, "it changes nothing and returns nothing sensitive")
        case .write:
            if findings.isBulk { return (.high, "one call changes many records") }
            if sensitivity.contains(.infrastructure) { return (.high, "it changes running infrastructure") }
            if assessment.isVague {
                let words = findings.verbs.map(\.word).joined(separator: "', '")
                return (.medium, "'\(words)' does not say what it changes, so it cannot be called safe")
            }
            return (.medium, "the change can be put back, but an agent in a loop can make hundreds of changes a minute")
        case .communicate:
            if findings.isBulk || reachesOutsiders(facts) { return (.high, "what it sends reaches many or outside people and cannot be unsent") }
            return (.medium, "a message cannot be unsent, and an agent in a loop can flood people")
        case .destructive:
            if findings.isBulk { return (.critical, "one call can destroy many records") }
            if let head = findings.headNoun, Vocabulary.containerObjects.contains(head) {
                return (.critical, "it can destroy a whole \(head) and everything in it")
            }
            return (.high, assessment.lossBecause ?? "what it destroys is gone")
        case .execute:
            if assessment.runsCallerCode { return (.critical, "it runs whatever code or command the caller sends") }
            return (.high, "it starts work that runs code and cannot be called back")
        case .financial:
            if assessment.movesMoney { return (.critical, "it moves money, which cannot be taken back by the agent") }
            return (.high, "it changes what customers are billed")
        case .admin:
            let accessWords: Set<String> = [
                "permission", "permissions", "role", "roles", "access", "key", "keys", "apikey", "token", "tokens", "secret",
                "secrets", "password", "passwords", "credential", "credentials", "owner", "owners", "ownership", "admin", "admins",
            ]
            if sensitivity.contains(.credentials) || !objects.isDisjoint(with: accessWords) || findings.actions.contains(.grant) {
                return (.critical, "it changes who can get in and what they can do")
            }
            return (.high, "it changes settings or membership that others depend on")
        }
    }

    /// Mail, SMS, public channels, everyone: beyond the people an agent works with.
    private static func reachesOutsiders(_ facts: ToolFacts) -> Bool {
        let words = Set(facts.nameWords).union(facts.description.words).union(facts.titleReader?.words ?? [])
        return !words.isDisjoint(with: ["email", "e-mail", "mail", "sms", "public", "everyone", "broadcast", "external", "tweet"])
    }
}
