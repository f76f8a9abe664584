/// A verb the detector settled on, and where it was read.
struct FoundVerb: Sendable, Equatable {
    var word: String
    var meaning: VerbMeaning
}

/// What a tool does, as read from its words: the verbs, what they act on, and the evidence.
struct ActionFindings: Sendable {
    /// The verbs that say what the tool does, in the order found, without repeats.
    var verbs: [FoundVerb] = []
    /// The words naming what the verbs act on: `connected account`, `pods`.
    var objectWords: [String] = []
    /// The object words and the rest of the name's nouns: what money, access or message words
    /// are looked for in (`conversations_history` gets "messages" from its conversations).
    var contextWords: Set<String> = []
    /// Whether a call acts on many things at once ("deleteMany", "Delete multiple entities").
    var isBulk = false
    var evidence: [Evidence] = []
    var confidence: Confidence = .low
    /// The verbs the name, title and description say, before the operations an input offers.
    var ownVerbs: [FoundVerb] = []
    /// Their actions.
    var ownActions: Set<Action> { Set(ownVerbs.map(\.meaning.action)) }

    /// The distinct actions, in the order first found.
    var actions: [Action] {
        var seen: Set<Action> = []
        return verbs.map(\.meaning.action).filter { seen.insert($0).inserted }
    }

    /// The last object word: in `issue_comment_reaction` it is the reaction that is added.
    var headNoun: String? { objectWords.last }

    /// The name's words that are not verbs, quantities or joining words.
    static func nameNouns(_ facts: ToolFacts) -> [String] {
        facts.nameWords.filter { Vocabulary.verb($0) == nil && !Vocabulary.connectors.contains($0) && !Vocabulary.quantityWords.contains($0) }
    }

    /// Why some verb's effect cannot be put back, if one says so.
    var irreversibleBecause: String? { verbs.lazy.compactMap(\.meaning.irreversibleBecause).first }

    mutating func add(_ verb: FoundVerb) {
        if !verbs.contains(where: { $0.word == verb.word }) { verbs.append(verb) }
    }
}

/// Finds the verbs that say what a tool does, from (in order of trust) its name, its title,
/// the opening of its description, and the operations its input lets a caller choose.
///
/// Names come in every style: `verb_noun` (`delete_file`), `noun_verb` (`pods_delete`),
/// `noun_verb_noun` (`conversations_add_message`), `VerbQuantityNoun` (`UpdateOneCompany`). The
/// first word is tried first, then the last, then the ones between. A verb that is also a
/// common noun ("run", "comment", "merge") or says little ("manage") is weak: a clear verb in
/// the title or description wins over it.
enum ActionDetector {
    static func detect(_ facts: ToolFacts) -> ActionFindings {
        var findings = ActionFindings()
        let nameVerb = NameVerb.find(in: facts)
        let titleVerbs = facts.titleReader?.leadingVerbs(inFirst: 1)
        let descriptionVerbs = facts.description.leadingVerbs()

        if let nameVerb, nameVerb.isStrong {
            adopt(nameVerb, from: facts, into: &findings)
            findings.confidence = .high
            let agreeing = addAgreeing(titleVerbs, description: descriptionVerbs, with: nameVerb, facts: facts, into: &findings)
            if findings.objectWords.isEmpty, let agreeing { findings.objectWords = agreeing.objectWords }
        } else if let found = strongText(title: titleVerbs, description: descriptionVerbs) {
            let (text, isTitle) = found
            adopt(text, isTitle: isTitle, facts: facts, into: &findings)
            findings.confidence = .medium
            findings.objectWords = text.objectWords.isEmpty ? ActionFindings.nameNouns(facts) : text.objectWords
        } else if let nameVerb {
            adopt(nameVerb, from: facts, into: &findings)
            findings.confidence = .low
        } else if let text = titleVerbs ?? descriptionVerbs {
            adopt(text, isTitle: titleVerbs != nil, facts: facts, into: &findings)
            findings.objectWords = text.objectWords
            findings.confidence = .low
        } else {
            findings.objectWords = facts.nameWords
        }
        findings.contextWords = Set(findings.objectWords).union(ActionFindings.nameNouns(facts))

        findings.ownVerbs = findings.verbs
        addOperations(facts, into: &findings)
        findings.isBulk = facts.nameWords.contains(where: Vocabulary.bulkWords.contains)
            || (descriptionVerbs?.objectWords.contains(where: Vocabulary.bulkWords.contains) ?? false)
        return findings
    }

    // MARK: Name

    private static func adopt(_ nameVerb: NameVerb, from facts: ToolFacts, into findings: inout ActionFindings) {
        for verb in nameVerb.verbs { findings.add(verb) }
        findings.objectWords = nameVerb.objectWords(in: facts)
        findings.evidence.append(Evidence(.name, "tool name \(nameVerb.positionPhrase) '\(nameVerb.quote(in: facts))'"))
    }

    // MARK: Title and description

    /// The title's or description's opening verbs, when one of them is a clear verb.
    private static func strongText(title: LeadingVerbs?, description: LeadingVerbs?) -> (LeadingVerbs, Bool)? {
        if let title, title.verbs.contains(where: { !$0.meaning.isWeak }) { return (title, true) }
        if let description, description.verbs.contains(where: { !$0.meaning.isWeak }) { return (description, false) }
        return nil
    }

    private static func adopt(_ text: LeadingVerbs, isTitle: Bool, facts: ToolFacts, into findings: inout ActionFindings) {
        let verbs = text.verbs.map { FoundVerb(word: $0.word, meaning: $0.meaning) }
        // "Create and manage …": the vague verb adds nothing once a clear one is there.
        let clear = verbs.filter { $0.meaning.action != .unspecified }
        for verb in clear.isEmpty ? verbs : clear { findings.add(verb) }
        findings.evidence.append(quoteEvidence(text.sentence, isTitle: isTitle, facts: facts))
    }

    /// Title and description evidence that says the same as the name; the agreeing description.
    @discardableResult
    private static func addAgreeing(
        _ title: LeadingVerbs?, description: LeadingVerbs?, with nameVerb: NameVerb, facts: ToolFacts,
        into findings: inout ActionFindings
    ) -> LeadingVerbs? {
        let actions = Set(nameVerb.verbs.map(\.meaning.action))
        var agreeing: LeadingVerbs?
        if let title, title.verbs.contains(where: { actions.contains($0.meaning.action) }) {
            findings.evidence.append(quoteEvidence(title.sentence, isTitle: true, facts: facts))
        }
        if let description, description.verbs.contains(where: { actions.contains($0.meaning.action) }) {
            findings.evidence.append(quoteEvidence(description.sentence, isTitle: false, facts: facts))
            agreeing = description
        }
        return agreeing
    }

    static func quoteEvidence(_ sentence: Sentence, isTitle: Bool, facts: ToolFacts) -> Evidence {
        if isTitle {
            return Evidence(facts.titleIsAnnotation ? .annotation : .name, "title says '\(Quote.short(sentence.text))'")
        }
        return Evidence(.description, "description says '\(Quote.short(sentence.text))'")
    }

    // MARK: Operations chosen by an input property

    /// HTTP methods say what a request does: PUT and PATCH replace, DELETE removes; GET, HEAD,
    /// OPTIONS and POST (a search form as often as a write) add nothing the URL does not say.
    private static func httpMethodVerb(_ value: String) -> FoundVerb? {
        switch value {
        case "PUT", "PATCH": return FoundVerb(word: "replace", meaning: Vocabulary.verb("replace")!)
        case "DELETE": return FoundVerb(word: "delete", meaning: Vocabulary.verb("delete")!)
        default: return nil
        }
    }

    private static func isHTTPMethod(_ value: String) -> Bool {
        ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(value)
    }

    /// `"method": {"enum": ["create", "update", "delete"]}`: the tool does all of these.
    private static func addOperations(_ facts: ToolFacts, into findings: inout ActionFindings) {
        var known = Set(findings.actions)
        for selector in facts.operationSelectors {
            for value in selector.enumValues {
                guard let verb = httpMethodVerb(value) ?? (isHTTPMethod(value) ? nil : NameVerb.firstVerb(in: NameTokenizer.words(value))) else { continue }
                let isNew = !known.contains(verb.meaning.action)
                findings.add(verb)
                if isNew {
                    known.insert(verb.meaning.action)
                    findings.evidence.append(Evidence(.inputSchema, "input property '\(selector.name)' allows '\(value)'"))
                }
            }
        }
        // Once the operations are known, a vague verb in the name says nothing more.
        if findings.verbs.contains(where: { $0.meaning.action != .unspecified }) {
            findings.verbs.removeAll { $0.meaning.action == .unspecified }
        }
        if findings.confidence == .low, findings.verbs.contains(where: { !$0.meaning.isWeak }) {
            findings.confidence = .medium
        }
    }
}
