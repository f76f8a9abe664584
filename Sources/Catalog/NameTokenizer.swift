/// One word of an identifier: lowercased for matching, with its place in the original text so
/// evidence can quote exactly what the server wrote (`UpdateOne`, not `update one`).
public struct NameToken: Sendable, Equatable {
    /// The word, lowercased: `update`.
    public var text: String
    /// Unicode-scalar offsets of the word in the identifier, as `[start, end)`.
    public var start: Int
    public var end: Int

    public init(text: String, start: Int, end: Int) {
        self.text = text
        self.start = start
        self.end = end
    }
}

/// Splits identifiers written in any naming style into words.
///
/// PascalCase (`UpdateOneConnectedAccount`), camelCase (`findManyPeople`), snake_case
/// (`list_pull_requests`), kebab-case (`get-annotated-message`), dotted (`pods.delete`),
/// acronyms (`GetOpenAPISchema` → get, open, api, schema) and digits (`oauth2` → oauth, 2).
/// A run of lowercase letters with no boundary (`sequentialthinking`) stays one word: there is
/// nothing in the text that says where to cut it.
public enum NameTokenizer {
    public static func tokens(_ identifier: String) -> [NameToken] {
        let characters = identifier.unicodeScalars.map(CharacterKind.init)
        let scalars = Array(identifier.unicodeScalars)
        var tokens: [NameToken] = []
        var start: Int?

        func close(at end: Int) {
            guard let begin = start, begin < end else {
                start = nil
                return
            }
            var word = String.UnicodeScalarView()
            word.append(contentsOf: scalars[begin..<end])
            tokens.append(NameToken(text: String(word).lowercased(), start: begin, end: end))
            start = nil
        }

        for index in characters.indices {
            guard characters[index] != .other else {
                close(at: index)
                continue
            }
            if start != nil, isBoundary(before: index, in: characters) {
                close(at: index)
            }
            if start == nil { start = index }
        }
        close(at: characters.count)
        return tokens
    }

    /// Verbs a name may run into the next word without a boundary: `listprompts`, `getweather`.
    static let joinedVerbs = ["list", "get", "fetch", "search", "find", "read", "create", "delete", "update", "remove", "send"]

    /// Splits a lowercase run that starts with a common verb and goes on with four or more letters
    /// that do not continue the verb as an English word would ("listening", "getter", "finder").
    static func splittingJoinedVerbs(_ tokens: [NameToken]) -> [NameToken] {
        guard tokens.contains(where: { $0.text.count >= 7 }) else { return tokens }
        var result: [NameToken] = []
        for token in tokens {
            guard token.text.count >= 7, Vocabulary.verb(token.text) == nil, token.text.allSatisfy({ $0.isASCII && $0.isLetter }),
                  let verb = joinedVerbs.first(where: { token.text.hasPrefix($0) }) else {
                result.append(token)
                continue
            }
            let rest = token.text.dropFirst(verb.count)
            guard rest.count >= 4, !["ing", "en", "er", "ed", "ting", "ter", "tle", "able"].contains(where: { rest.hasPrefix($0) }) else {
                result.append(token)
                continue
            }
            let cut = token.start + verb.count
            result.append(NameToken(text: verb, start: token.start, end: cut))
            result.append(NameToken(text: String(rest), start: cut, end: token.end))
        }
        return result
    }

    /// The words of an identifier, lowercased.
    public static func words(_ identifier: String) -> [String] {
        tokens(identifier).map(\.text)
    }

    /// What matters about a character for splitting; ASCII is decided without Unicode tables.
    private enum CharacterKind: Equatable {
        case upper, lower, uncased, digit, other

        init(_ scalar: Unicode.Scalar) {
            switch scalar.value {
            case 0x41...0x5A: self = .upper
            case 0x61...0x7A: self = .lower
            case 0x30...0x39: self = .digit
            case 0...0x7F: self = .other
            default:
                let properties = scalar.properties
                if properties.isUppercase { self = .upper }
                else if properties.isLowercase { self = .lower }
                else if properties.numericType != nil { self = .digit }
                else if properties.isAlphabetic { self = .uncased }
                else { self = .other }
            }
        }
    }

    /// Whether a new word starts at `index` (the previous character is a letter or digit).
    private static func isBoundary(before index: Int, in characters: [CharacterKind]) -> Bool {
        let previous = characters[index - 1]
        let current = characters[index]
        if (previous == .digit) != (current == .digit) { return true }
        if previous == .lower && current == .upper { return true }
        // The last capital of an acronym starts the next word: "APIKey" → "API", "Key".
        if previous == .upper && current == .upper, index + 1 < characters.count, characters[index + 1] == .lower {
            return true
        }
        return false
    }
}
