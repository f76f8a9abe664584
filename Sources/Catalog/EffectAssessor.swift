/// What the classifier has decided about a tool's effect, before its risk level.
struct Assessment: Sendable {
    /// The actions the definition says the tool takes, after the refinements of ``ActionRefiner``.
    var actions: Set<Action>
    var category: ToolCategory
    var readOnly: Bool
    /// MCP's meaning (``DestructiveJudge``): it may replace or remove what exists.
    var destructive: Bool
    /// Our own: its effect can be undone.
    var reversible: Bool
    var openWorld: Bool
    /// Nothing in the definition says what the tool does.
    var noSignal: Bool
    /// Nothing says it changes anything either, so it is taken to read ("tickets-list").
    var readByDefault: Bool
    /// Its only verbs say nothing about the effect ("trigger", "manage", "process").
    var isVague: Bool
    /// It runs code, commands or queries the caller writes.
    var runsCallerCode: Bool
    /// What it runs is SQL in a database, or options to one program — not a shell.
    var runsSQL: Bool
    /// It pays out or moves money by itself (a refund, a transfer, a signed transaction).
    var movesMoney: Bool
    /// Why what it does cannot be put back — our own `reversible`, which makes the category
    /// destructive: deleting, ending for good, losing unsaved work.
    var lossBecause: String?
    /// Facts found beyond the verbs: phrases about loss, code inputs, side effects.
    var evidence: [Evidence]
}

/// Decides category, read-only and reversible from the verbs a tool's words use, what they act
/// on, and a few telling phrases and inputs (docs/classification.md). MCP's destructive, open-world
/// and idempotent hints are judged after, from this (``DestructiveJudge``, ``OpenWorldJudge``,
/// ``IdempotenceJudge``).
enum EffectAssessor {
    static func assess(_ facts: ToolFacts, _ findings: ActionFindings, sensitivity: [Sensitivity], server: ServerContext) -> Assessment {
        var refined = ActionRefiner.refine(facts, findings, server: server)
        let actions = refined.actions
        let noSignal = actions.isEmpty
        let readOnly = actions == [.read]
        let runsCallerCode = actions.contains(.execute) && refined.code != nil

        var loss: String?
        if runsCallerCode, refined.code?.isSandboxed != true {
            loss = "the code it runs can change or delete anything the server can reach"
        }
        // A request tool (a URL and a read verb) that offers DELETE or PUT: what is lost is at the
        // other end, chosen per call; its host condition, not its category, answers that.
        let isRequestTool = ActionRefiner.urlProperty(facts) != nil && !findings.ownActions.isEmpty && findings.ownActions.isSubset(of: [.read, .navigate])
        if loss == nil, !isRequestTool, let reason = lossOfRemoval(findings, actions: actions) { loss = reason }
        if loss == nil, let reason = findings.verbs.lazy.filter({ $0.meaning.action != .end || !endsOnlyEphemeral(findings) })
            .compactMap(\.meaning.irreversibleBecause).first {
            loss = reason
        }
        if !readOnly, !noSignal, let phrase = facts.description.firstSentence(containing: Vocabulary.lossPhrases) {
            refined.evidence.append(Evidence(.description, "description says '\(Quote.short(phrase.sentence.text))'"))
            if loss == nil { loss = "its description says '\(phrase.phrase)'" }
        }
        if loss == nil, changesFileInPlace(facts, actions) {
            loss = "a file changed in place keeps no history to go back to"
        }

        let category = noSignal ? .write : readOnly ? .read
            : category(actions: actions, findings: findings, sensitivity: sensitivity, loss: loss != nil, setsSpending: setsSpending(facts))
        let movesMoney = category == .financial
            && (actions.contains(.pay) || !findings.contextWords.isDisjoint(with: Vocabulary.moneyMovingObjects)
                || (actions.contains(.send) && !findings.contextWords.isDisjoint(with: ["transaction", "transactions", "tx", "swap"])))
        let isVague = !noSignal && actions == [.unspecified]
        let reversible = !noSignal && !isVague && loss == nil && !actions.contains(.interact) && [.read, .write, .admin].contains(category)
        return Assessment(
            actions: actions, category: category, readOnly: readOnly, destructive: false, reversible: reversible, openWorld: false,
            noSignal: noSignal, readByDefault: refined.readByDefault, isVague: isVague, runsCallerCode: runsCallerCode,
            runsSQL: runsCallerCode && (refined.code?.isSQL == true || refined.code?.isOptionsOnly == true),
            movesMoney: movesMoney, lossBecause: loss, evidence: refined.evidence + (refined.code?.evidence ?? []))
    }

    /// Deleting loses data, unless all it clears is a cache or a game: something that lives
    /// only while the tool runs.
    private static func lossOfRemoval(_ findings: ActionFindings, actions: Set<Action>) -> String? {
        guard actions.contains(.remove) else { return nil }
        let removals = findings.verbs.filter { $0.meaning.action == .remove }
        let onlyClearing = removals.allSatisfy { Vocabulary.clearingVerbs.contains($0.word) }
        let objects = Set(findings.objectWords)
        if onlyClearing, !objects.isDisjoint(with: Vocabulary.ephemeralObjects) { return nil }
        if !objects.isEmpty, objects.isSubset(of: Vocabulary.disposableObjects) { return nil }
        return "what it deletes, cancels or resets is gone"
    }

    /// Closing, stopping or cancelling something that lives only while the tool runs (a browser,
    /// a connection, a scan), or naming nothing at all: nobody's data is lost.
    static func endsOnlyEphemeral(_ findings: ActionFindings) -> Bool {
        let ends = findings.verbs.filter { $0.meaning.action == .end || Vocabulary.clearingVerbs.contains($0.word) }
        guard !ends.isEmpty else { return false }
        if ends.allSatisfy({ Vocabulary.disconnectingVerbs.contains($0.word) }) { return true }
        let objects = Set(findings.objectWords)
        return objects.isEmpty || !objects.isDisjoint(with: Vocabulary.ephemeralObjects)
    }

    /// The category for a tool that does more than read: the most consequential that applies.
    private static func category(
        actions: Set<Action>, findings: ActionFindings, sensitivity: [Sensitivity], loss: Bool, setsSpending: Bool
    ) -> ToolCategory {
        let objects = findings.contextWords
        if actions.contains(.execute) { return .execute }
        let isMoney = !objects.isDisjoint(with: Vocabulary.moneyObjects)
            || (!objects.isDisjoint(with: Vocabulary.weakMoneyObjects) && sensitivity.contains(.financial))
        let changes = !actions.isSubset(of: [.read, .navigate, .interact, .connect])
        if actions.contains(.pay) || ((isMoney || setsSpending) && changes) { return .financial }
        if actions.contains(.grant) || !objects.isDisjoint(with: Vocabulary.adminObjects) { return .admin }
        if loss { return .destructive }
        let makesMessage = findings.headNoun.map(Vocabulary.messageObjects.contains) ?? false
        if actions.contains(.send) || (makesMessage && !actions.isDisjoint(with: [.create, .unspecified])) {
            return .communicate
        }
        return .write
    }

    /// A number the call sets that is money to be spent: `daily_budget`, `bid_amount`, `spend_cap`.
    private static func setsSpending(_ facts: ToolFacts) -> Bool {
        facts.properties.contains { $0.isNumeric && !Set($0.words).isDisjoint(with: ["budget", "bid", "spend"]) }
    }

    /// Editing, moving or overwriting a file on disk: nothing keeps the old version unless the
    /// definition speaks of a repository or commits.
    private static func changesFileInPlace(_ facts: ToolFacts, _ actions: Set<Action>) -> Bool {
        guard actions.contains(.change) else { return false }
        let fileWords: Set<String> = ["file", "files", "directory", "directories", "dir"]
        let pathWords: Set<String> = ["path", "paths", "source", "destination", "filename", "filepath"]
        guard !Set(facts.nameWords).isDisjoint(with: fileWords),
              facts.properties.contains(where: { $0.isTopLevel && pathWords.contains($0.words.last ?? "") }) else { return false }
        return !isVersioned(facts)
    }

    /// The definition speaks of a repository, commits or git: what it changes keeps a history.
    static func isVersioned(_ facts: ToolFacts) -> Bool {
        !facts.description.words.isDisjoint(with: Vocabulary.versionedWords)
            || !Set(facts.nameWords).isDisjoint(with: Vocabulary.versionedWords)
            || facts.properties.contains { $0.isTopLevel && ["repo", "repository", "repo_path", "repopath"].contains($0.name.lowercased()) }
    }
}
