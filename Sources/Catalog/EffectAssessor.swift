/// What the classifier has decided about a tool's effect, before its risk level.
struct Assessment: Sendable {
    var category: ToolCategory
    var readOnly: Bool
    var destructive: Bool
    var reversible: Bool
    var openWorld: Bool
    /// Nothing in the definition says what the tool does.
    var noSignal: Bool
    /// Its only verbs say nothing about the effect ("trigger", "manage", "process").
    var isVague: Bool
    /// It runs code, commands or queries the caller writes.
    var runsCallerCode: Bool
    /// It pays out or moves money by itself (a refund, a transfer).
    var movesMoney: Bool
    /// Why the effect cannot be put back, in words for the rationale.
    var destructiveBecause: String?
    /// Facts found beyond the verbs: phrases about loss, code inputs.
    var evidence: [Evidence]
}

/// Decides category, read-only, destructive, reversible and open-world from the verbs a tool's
/// words use, what they act on, and a few telling phrases (docs/classification.md).
enum EffectAssessor {
    static func assess(_ facts: ToolFacts, _ findings: ActionFindings, sensitivity: [Sensitivity]) -> Assessment {
        var actions = Set(findings.actions)
        let noSignal = actions.isEmpty
        var evidence: [Evidence] = []
        var destructiveBecause: String?

        // Code the caller writes: a `command`/`sql` input, or a description that says so.
        let codeProperty = facts.properties.first(where: { isCodeProperty($0, facts) })
        let codePhrase = facts.description.firstSentence(containing: Vocabulary.codePhrases)
        if codePhrase != nil, !actions.contains(.execute), !actions.isDisjoint(with: [.change, .unspecified]) {
            actions.insert(.execute)
        }
        // "query_database: Run a SQL query": a vague read verb over code the caller writes is not
        // known to only read — unless the description promises it.
        if actions == [.read], findings.verbs.allSatisfy(\.meaning.isWeak), codePhrase != nil || codeProperty != nil,
           facts.description.firstSentence(containing: Vocabulary.readOnlyPhrases) == nil {
            actions = [.execute]
        }
        let readOnly = !noSignal && actions == [.read]
        let runsCallerCode = actions.contains(.execute) && (codeProperty != nil || codePhrase != nil)
        if runsCallerCode {
            if let codePhrase { evidence.append(Evidence(.description, "description says '\(Quote.short(codePhrase.sentence.text))'")) }
            if let codeProperty { evidence.append(Evidence(.inputSchema, "input property '\(codeProperty.name)'")) }
            destructiveBecause = "the code it runs can change or delete anything the server can reach"
        }

        if actions.contains(.remove), destructiveBecause == nil {
            destructiveBecause = "what it deletes, cancels or resets is gone"
        }
        if destructiveBecause == nil, let reason = findings.irreversibleBecause {
            destructiveBecause = reason
        }
        if !readOnly, !noSignal, let loss = facts.description.firstSentence(containing: Vocabulary.lossPhrases) {
            evidence.append(Evidence(.description, "description says '\(Quote.short(loss.sentence.text))'"))
            if destructiveBecause == nil { destructiveBecause = "its description says '\(loss.phrase)'" }
        }
        if destructiveBecause == nil, changesFileInPlace(facts, actions) {
            destructiveBecause = "a file changed in place keeps no history to go back to"
        }
        let destructive = destructiveBecause != nil

        let category = noSignal ? .write : readOnly ? .read
            : category(actions: actions, findings: findings, sensitivity: sensitivity, destructive: destructive)
        let movesMoney = category == .financial
            && (actions.contains(.pay) || !findings.contextWords.isDisjoint(with: Vocabulary.moneyMovingObjects))
        let isVague = !noSignal && actions == [.unspecified]
        let reversible = !noSignal && !isVague && !destructive && [.read, .write, .admin].contains(category)
        return Assessment(
            category: category, readOnly: readOnly, destructive: destructive, reversible: reversible,
            openWorld: category == .communicate || reachesOpenWorld(facts), noSignal: noSignal, isVague: isVague,
            runsCallerCode: runsCallerCode, movesMoney: movesMoney, destructiveBecause: destructiveBecause,
            evidence: evidence)
    }

    /// The category for a tool that does more than read: the most consequential that applies.
    private static func category(
        actions: Set<Action>, findings: ActionFindings, sensitivity: [Sensitivity], destructive: Bool
    ) -> ToolCategory {
        let objects = findings.contextWords
        if actions.contains(.execute) { return .execute }
        let isMoney = !objects.isDisjoint(with: Vocabulary.moneyObjects)
            || (!objects.isDisjoint(with: Vocabulary.weakMoneyObjects) && sensitivity.contains(.financial))
        if actions.contains(.pay) || isMoney { return .financial }
        if actions.contains(.grant) || !objects.isDisjoint(with: Vocabulary.adminObjects) { return .admin }
        if destructive { return .destructive }
        let makesMessage = findings.headNoun.map(Vocabulary.messageObjects.contains) ?? false
        if actions.contains(.send) || (makesMessage && !actions.isDisjoint(with: [.create, .unspecified])) {
            return .communicate
        }
        return .write
    }

    private static func isCodeProperty(_ property: SchemaProperty, _ facts: ToolFacts) -> Bool {
        let name = property.name.lowercased()
        if Vocabulary.codeProperties.contains(name) { return true }
        // A `query` is code only where the tool talks SQL; elsewhere it is a search string.
        return name == "query" && (facts.description.words.contains("sql") || facts.description.words.contains("ddl"))
    }

    /// Editing, moving or overwriting a file on disk: nothing keeps the old version unless the
    /// definition speaks of a repository or commits.
    private static func changesFileInPlace(_ facts: ToolFacts, _ actions: Set<Action>) -> Bool {
        guard actions.contains(.change) else { return false }
        let fileWords: Set<String> = ["file", "files", "directory", "directories", "dir"]
        let pathWords: Set<String> = ["path", "paths", "source", "destination", "filename", "filepath"]
        guard !Set(facts.nameWords).isDisjoint(with: fileWords),
              facts.properties.contains(where: { $0.isTopLevel && pathWords.contains($0.words.last ?? "") }) else { return false }
        let versioned = !facts.description.words.isDisjoint(with: Vocabulary.versionedWords)
            || !Set(facts.nameWords).isDisjoint(with: Vocabulary.versionedWords)
        return !versioned
    }

    private static func reachesOpenWorld(_ facts: ToolFacts) -> Bool {
        let urlInput = facts.properties.contains { $0.isTopLevel && ["url", "urls", "uri"].contains($0.words.last ?? "") }
        let webWords: Set<String> = ["internet", "web", "website", "websites", "webpage", "browser"]
        return urlInput || !facts.description.words.isDisjoint(with: webWords) || !Set(facts.nameWords).isDisjoint(with: webWords)
    }
}
