/// A sequence of word choices with bounded gaps: `ignore` …≤2… `previous` …≤2… `instructions`.
/// Matched against a sentence's lowercased words; the cheapest pattern language that keeps the
/// poisoning detector's rules readable as tables.
struct WordPattern: Sendable {
    struct Step: Sendable {
        var words: Set<String>
        /// How many words may stand between this step and the one before.
        var maxGap: Int
    }

    var steps: [Step]

    /// `WordPattern("ignore disregard", (2, "all previous prior"), (2, "instructions rules"))`.
    init(_ first: String, _ rest: (Int, String)...) {
        steps = [Step(words: Set(first.split(separator: " ").map(String.init)), maxGap: 0)]
            + rest.map { Step(words: Set($0.1.split(separator: " ").map(String.init)), maxGap: $0.0) }
    }

    /// The words of the first step: if a text has none of them, nothing can match.
    var leadingWords: Set<String> { steps[0].words }

    /// Whether the words hold the pattern anywhere.
    func matches(_ words: [String]) -> Bool {
        for start in words.indices where steps[0].words.contains(words[start]) {
            if match(words, step: 1, after: start) { return true }
        }
        return false
    }

    private func match(_ words: [String], step: Int, after position: Int) -> Bool {
        guard step < steps.count else { return true }
        let current = steps[step]
        let end = min(words.count, position + 2 + current.maxGap)
        var index = position + 1
        while index < end {
            if current.words.contains(words[index]), match(words, step: step + 1, after: index) { return true }
            index += 1
        }
        return false
    }
}
