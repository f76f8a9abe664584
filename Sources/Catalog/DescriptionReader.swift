/// One sentence of a description or title: as written (for quoting) and as lowercased words.
struct Sentence: Sendable, Equatable {
    /// The sentence as the server wrote it, with runs of whitespace collapsed.
    var text: String
    /// Lowercased words; `,` `/` `(` `)` `:` `;` are kept as words of their own so lists of
    /// verbs ("Create, patch, or delete") can be read.
    var words: [String]
    /// The words without punctuation or quoted examples, for whole-word phrase search.
    var plainWords: [String]
}

/// The verbs a sentence opens with, and what they act on.
struct LeadingVerbs: Sendable, Equatable {
    var sentence: Sentence
    /// Base forms with their meanings, in the order written: "Create, patch, or delete" → three.
    var verbs: [(word: String, meaning: VerbMeaning)]
    /// The words after the last verb, up to a preposition or punctuation: "a Kubernetes Pod".
    var objectWords: [String]

    static func == (lhs: LeadingVerbs, rhs: LeadingVerbs) -> Bool {
        lhs.sentence == rhs.sentence && lhs.verbs.map(\.word) == rhs.verbs.map(\.word) && lhs.objectWords == rhs.objectWords
    }
}

/// Reads free text (a description or a title) the way the classifier needs it: sentences,
/// the verbs it opens with, and whole-word phrases.
struct DescriptionReader: Sendable {
    let sentences: [Sentence]
    /// Every word of the text, lowercased.
    let words: Set<String>

    init(_ text: String) {
        sentences = Self.split(text)
        words = Set(sentences.flatMap(\.plainWords))
    }

    var isEmpty: Bool { sentences.isEmpty }

    /// Words that open a sentence without saying what the tool does: "This tool will …",
    /// "Use this tool to …", "Tools for listing …".
    static let preamble: Set<String> = [
        "this", "tool", "tools", "will", "can", "may", "helps", "help", "you", "to", "use", "used", "a", "an", "the",
        "allows", "allow", "lets", "let", "for", "it", "that", "which", "please", "simply", "just", "also", "then",
        "we", "i", "here", "is", "function", "endpoint", "api", "mcp", "command",
    ]

    static let prepositions: Set<String> = [
        "to", "from", "in", "into", "on", "onto", "for", "of", "with", "by", "as", "at", "via", "using", "that",
        "which", "if", "when", "and", "or", "across", "between", "within", "without", "after", "before",
    ]

    static let articles: Set<String> = ["a", "an", "the", "one", "some", "any", "specific", "given", "existing", "new", "single", "your", "its", "their"]

    /// The first of the opening sentences that starts with a verb we know.
    func leadingVerbs(inFirst count: Int = 3) -> LeadingVerbs? {
        for sentence in sentences.prefix(count) {
            if let found = Self.leadingVerbs(of: sentence) { return found }
        }
        return nil
    }

    static func leadingVerbs(of sentence: Sentence) -> LeadingVerbs? {
        let words = sentence.words
        var index = 0
        while index < words.count, preamble.contains(words[index]) || isAdverb(words[index]) {
            index += 1
        }
        guard index < words.count, let first = Vocabulary.verbInSentence(words[index]) else { return nil }
        var verbs = [(word: first.base, meaning: first.meaning)]
        index += 1
        // "Create, patch, or delete", "Create and/or submit, delete", "Add or remove".
        while index < words.count {
            var next = index
            while next < words.count, [",", "/", "or", "and", "&"].contains(words[next]) { next += 1 }
            guard next > index, next < words.count, let verb = Vocabulary.verbInSentence(words[next]) else { break }
            verbs.append((verb.base, verb.meaning))
            index = next + 1
        }
        var objectWords: [String] = []
        while index < words.count, objectWords.count < 4 {
            let word = words[index]
            if prepositions.contains(word) || isPunctuation(word) { break }
            if !articles.contains(word) { objectWords.append(word) }
            index += 1
        }
        return LeadingVerbs(sentence: sentence, verbs: verbs, objectWords: objectWords)
    }

    /// The first sentence holding one of `phrases` (whole words), with the phrase found — unless
    /// a negation ("does not", "without") stands just before it.
    func firstSentence(containing list: PhraseList) -> (phrase: String, sentence: Sentence)? {
        // Most phrases have a word the text never uses: skip those without looking further.
        let candidates = list.phrases.filter { $0.words.allSatisfy(words.contains) }
        guard !candidates.isEmpty else { return nil }
        for sentence in sentences {
            for phrase in candidates {
                if let index = Self.index(of: phrase.words, in: sentence.plainWords), !Self.isNegated(before: index, in: sentence.plainWords) {
                    return (phrase.text, sentence)
                }
            }
        }
        return nil
    }

    /// The first sentence holding one of `words` (whole words, not negated), with the word.
    func firstSentence(containingAny list: Set<String>) -> (word: String, sentence: Sentence)? {
        guard !words.isDisjoint(with: list) else { return nil }
        for sentence in sentences {
            for (index, word) in sentence.plainWords.enumerated() where list.contains(word) {
                if !Self.isNegated(before: index, in: sentence.plainWords) { return (word, sentence) }
            }
        }
        return nil
    }

    private static func index(of phrase: [String], in words: [String]) -> Int? {
        guard let first = phrase.first, words.count >= phrase.count else { return nil }
        for start in 0...(words.count - phrase.count) where words[start] == first {
            if words[start..<(start + phrase.count)].elementsEqual(phrase) { return start }
        }
        return nil
    }

    private static func isNegated(before index: Int, in words: [String]) -> Bool {
        words[max(0, index - 3)..<index].contains { Vocabulary.negations.contains($0) }
    }

    private static func isAdverb(_ word: String) -> Bool {
        word.count > 4 && word.hasSuffix("ly") && Vocabulary.verbInSentence(word) == nil
    }

    static func isPunctuation(_ word: String) -> Bool {
        word.count == 1 && [",", "/", "(", ")", ":", ";", "&"].contains(word)
    }

    // MARK: Splitting

    private static func split(_ text: String) -> [Sentence] {
        var sentences: [Sentence] = []
        var current = String.UnicodeScalarView()
        var pendingSpace = false
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\n" || scalar == "\r" {
                flush(&current, into: &sentences)
                pendingSpace = false
                continue
            }
            if isSpace(scalar) {
                pendingSpace = !current.isEmpty
                continue
            }
            if pendingSpace { current.append(" ") }
            pendingSpace = false
            current.append(scalar)
            if scalar == "." || scalar == "!" || scalar == "?" {
                if index + 1 == scalars.count || isSpace(scalars[index + 1]) || scalars[index + 1] == "\n" {
                    flush(&current, into: &sentences)
                }
            }
        }
        flush(&current, into: &sentences)
        return sentences
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || (!scalar.isASCII && scalar.properties.isWhitespace)
    }

    private static func flush(_ current: inout String.UnicodeScalarView, into sentences: inout [Sentence]) {
        let text = String(current)
        current = String.UnicodeScalarView()
        let words = tokenize(text)
        guard words.contains(where: { !isPunctuation($0) }) else { return }
        // Quoted examples ("login fails after password reset") are not claims about the tool.
        let quotes = text.unicodeScalars.contains { $0 == "\"" || $0 == "“" }
        let plain = (quotes ? tokenize(withoutQuotations(text)) : words).filter { !isPunctuation($0) }
        sentences.append(Sentence(text: text, words: words, plainWords: plain))
    }

    /// The text without the parts between double quotes (`"…"` or `“…”`) that are closed.
    static func withoutQuotations(_ text: String) -> String {
        var result = ""
        var quoted = ""
        var closing: Character?
        for character in text {
            if let close = closing {
                if character == close {
                    closing = nil
                    quoted = ""
                } else {
                    quoted.append(character)
                }
            } else if character == "\"" || character == "“" {
                closing = character == "“" ? "”" : "\""
            } else {
                result.append(character)
            }
        }
        return closing == nil ? result : result + quoted
    }

    /// Lowercased words (letters, digits, `'`, `-`, `_`) and the punctuation that structures lists.
    static func tokenize(_ text: String) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        func close() {
            while let last = word.last, last == "-" || last == "_" || last == "'" { word.removeLast() }
            if !word.isEmpty { words.append(String(word).lowercased()) }
            word = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                // A word never starts with joining punctuation ("-flag", "'quoted").
                if word.isEmpty, scalar == "-" || scalar == "_" || scalar == "'" || scalar == "’" { continue }
                word.append(scalar == "’" ? "'" : scalar)
            } else {
                close()
                if ",/():;&".unicodeScalars.contains(scalar) { words.append(String(scalar)) }
            }
        }
        close()
        return words
    }

    /// Letters, digits and the marks that join words (`-`, `_`, `'`); ASCII is decided without
    /// looking up Unicode properties.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
                || value == 0x5F || value == 0x2D || value == 0x27
        }
        return scalar == "’" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
