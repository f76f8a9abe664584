/// The verb (or `verb_or_verb` group) in a tool's name.
struct NameVerb: Sendable {
    /// Token indices of the group, first to last.
    var indices: [Int]
    var verbs: [FoundVerb]
    var tokenCount: Int

    var isStrong: Bool { verbs.contains { !$0.meaning.isWeak } }

    var positionPhrase: String {
        if indices.first == 0 { return "starts with" }
        if indices.last == tokenCount - 1 { return "ends with" }
        return "contains"
    }

    /// The verb as written, with a quantity word right after it: `UpdateOne`, `create_or_update`.
    func quote(in facts: ToolFacts) -> String {
        guard let first = indices.first, var last = indices.last else { return facts.name }
        if last + 1 < facts.nameTokens.count, Vocabulary.quantityWords.contains(facts.nameTokens[last + 1].text) {
            last += 1
        }
        return facts.nameText(from: first, through: last)
    }

    /// What the verb acts on: the words after it up to a preposition (`add_comment_to_review`
    /// → comment), or, for `noun_verb`, the words before it (`pods_delete` → pods).
    func objectWords(in facts: ToolFacts) -> [String] {
        let words = facts.nameWords
        guard let first = indices.first, let last = indices.last else { return [] }
        var span: [String] = []
        if last + 1 < words.count {
            for word in words[(last + 1)...] {
                if DescriptionReader.prepositions.contains(word) && !Vocabulary.connectors.contains(word) { break }
                span.append(word)
            }
        } else {
            span = Array(words[..<first])
        }
        return span.filter { !Vocabulary.quantityWords.contains($0) && !Vocabulary.connectors.contains($0) }
    }

    /// The name's verb: the first word if it is a verb, else the last, else one in between;
    /// a clear verb anywhere beats a weak one.
    static func find(in facts: ToolFacts) -> NameVerb? {
        let words = facts.nameWords
        guard !words.isEmpty else { return nil }
        let order = [0, words.count - 1] + Array(1..<max(1, words.count - 1))
        var candidates: [NameVerb] = []
        for index in order where candidates.allSatisfy({ !$0.indices.contains(index) }) {
            guard !facts.compoundTokenIndices.contains(index), let group = group(at: index, in: words, facts: facts) else { continue }
            candidates.append(group)
        }
        return candidates.first(where: \.isStrong) ?? candidates.first
    }

    /// The verb at `index` with any verbs joined to it by "or"/"and".
    private static func group(at index: Int, in words: [String], facts: ToolFacts) -> NameVerb? {
        guard let meaning = verbMeaning(words[index], at: index, facts: facts) else { return nil }
        var indices = [index]
        var verbs = [FoundVerb(word: words[index], meaning: meaning)]
        var next = index + 2
        while next < words.count, Vocabulary.connectors.contains(words[next - 1]), let other = verbMeaning(words[next], at: next, facts: facts) {
            indices.append(next)
            verbs.append(FoundVerb(word: words[next], meaning: other))
            next += 2
        }
        var previous = index - 2
        while previous >= 0, Vocabulary.connectors.contains(words[previous + 1]), let other = verbMeaning(words[previous], at: previous, facts: facts) {
            indices.insert(previous, at: 0)
            verbs.insert(FoundVerb(word: words[previous], meaning: other), at: 0)
            previous -= 2
        }
        return NameVerb(indices: indices, verbs: verbs, tokenCount: words.count)
    }

    private static func verbMeaning(_ word: String, at index: Int, facts: ToolFacts) -> VerbMeaning? {
        guard !facts.compoundTokenIndices.contains(index) else { return nil }
        return Vocabulary.verb(word)
    }

    /// The verb in an operation's name (`delete_workflow_run_logs` → delete).
    static func firstVerb(in words: [String]) -> FoundVerb? {
        guard !words.isEmpty else { return nil }
        let order = [0, words.count - 1] + Array(1..<max(1, words.count - 1))
        for index in order {
            if let meaning = Vocabulary.verb(words[index]) { return FoundVerb(word: words[index], meaning: meaning) }
        }
        return nil
    }
}
