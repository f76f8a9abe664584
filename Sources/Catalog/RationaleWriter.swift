/// Writes the two to four plain sentences that say what a tool does and why it needs a policy.
///
/// 1. What it does, in the tool's own verbs: "UpdateOneConnectedAccount updates one connected
///    account — a write that can be put back."
/// 2. What data it touches and what can go wrong, when it touches anything sensitive.
/// 3. The level and why.
/// 4. What the annotations changed, when a hint was overruled or raised the risk.
enum RationaleWriter {
    static func write(
        name: String, quantity: String?, findings: ActionFindings, assessment: Assessment, level: RiskLevel,
        levelReason: String, sensitivity: [Sensitivity], annotationNote: String?
    ) -> String {
        var sentences = [whatItDoes(name: name, quantity: quantity, findings: findings, assessment: assessment)]
        if let data = dataSentence(sensitivity, readOnly: assessment.readOnly) { sentences.append(data) }
        sentences.append("\(level.displayName) risk: \(levelReason).")
        if let annotationNote { sentences.append(annotationNote) }
        return sentences.joined(separator: " ")
    }

    private static func whatItDoes(name: String, quantity: String?, findings: ActionFindings, assessment: Assessment) -> String {
        guard !assessment.noSignal else {
            return "Nothing in \(name)'s name, description or input says what it does."
        }
        let verbs = EnglishList.of(findings.verbs.prefix(4).map { thirdPerson($0.word) })
        var object = findings.objectWords.joined(separator: " ")
        if !object.isEmpty, let quantity { object = "\(quantity) \(object)" }
        let action = object.isEmpty ? "\(name) \(verbs)" : "\(name) \(verbs) \(object)"
        return "\(action) — \(kind(assessment))."
    }

    private static func kind(_ assessment: Assessment) -> String {
        switch assessment.category {
        case .read: return "it only reads and changes nothing"
        case .write:
            if assessment.isVague { return "its words do not say what it changes, so it is treated as a write" }
            return assessment.reversible ? "a write that can be put back" : "a write that may not be undone"
        case .destructive: return "destructive, because \(assessment.destructiveBecause ?? "what it removes is gone")"
        case .execute:
            return assessment.runsCallerCode ? "it executes code or commands the caller supplies" : "it starts jobs that run code"
        case .communicate: return "it sends something people will read, and a sent message cannot be taken back"
        case .financial: return assessment.movesMoney ? "it moves money" : "it changes what someone is billed"
        case .admin: return "an administrative change to who can do what (permissions, members, keys or settings)"
        }
    }

    private static func dataSentence(_ sensitivity: [Sensitivity], readOnly: Bool) -> String? {
        guard let first = sensitivity.first else { return nil }
        let names = sensitivity.prefix(2).map { $0.displayName.lowercased() }
        let consequence = readOnly ? "what it returns can leak \(first.dataNoun)" : consequence(first)
        return "It touches \(EnglishList.of(names)), so \(consequence)."
    }

    private static func consequence(_ sensitivity: Sensitivity) -> String {
        switch sensitivity {
        case .credentials: return "a bad call can break someone's access or expose secrets"
        case .personalData: return "a mistake or a leak involves real people's data"
        case .financial: return "a mistake costs real money"
        case .infrastructure: return "a bad call can take running systems down"
        case .sourceCode: return "it can expose or alter code"
        case .communications: return "it can expose or alter private conversations"
        case .files: return "it can expose or alter files"
        }
    }

    /// "update" → "updates", "fetch" → "fetches", "query" → "queries".
    static func thirdPerson(_ verb: String) -> String {
        if verb.hasSuffix("y"), let beforeY = verb.dropLast().last, !"aeiou".contains(beforeY) {
            return verb.dropLast() + "ies"
        }
        if ["s", "x", "z", "o"].contains(where: verb.hasSuffix) || verb.hasSuffix("ch") || verb.hasSuffix("sh") {
            return verb + "es"
        }
        return verb + "s"
    }
}
