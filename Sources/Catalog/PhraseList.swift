/// Whole-word phrases to look for in text ("will be lost", "api key"), split once.
struct PhraseList: Sendable, ExpressibleByArrayLiteral {
    let phrases: [(text: String, words: [String])]

    init(_ texts: [String]) {
        phrases = texts.map { ($0, DescriptionReader.tokenize($0)) }
    }

    init(arrayLiteral texts: String...) {
        self.init(texts)
    }
}
