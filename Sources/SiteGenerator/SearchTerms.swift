import Catalog

/// How the search index and the search box (`assets/site.js`, which repeats these rules) cut text
/// into terms: lowercased runs of letters and digits, two characters or more. Names are also cut
/// at their word boundaries (`UpdateOneConnectedAccount` → update, one, connected, account) and
/// kept whole (`updateoneconnectedaccount`), so both "connected account" and "UpdateOne" find it.
enum SearchTerms {
    /// Words too common in descriptions to narrow anything.
    static let stopWords: Set<String> = [
        "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "is", "it", "of", "on", "or",
        "that", "the", "this", "to", "with", "you", "your", "can", "will", "which", "its", "into",
    ]

    /// Descriptions are indexed up to this many terms: the opening says what a tool does.
    static let descriptionTermLimit = 80

    /// A term longer than this is cut (a sentence of Chinese is one run of letters).
    static let termLengthLimit = 64

    /// The terms of free text (a title, a server name, a description).
    static func text(_ text: String, limit: Int = .max, dropStopWords: Bool = false) -> [String] {
        var terms: [String] = []
        var current = ""
        var length = 0
        func close() {
            if length >= 2, !(dropStopWords && stopWords.contains(current)) { terms.append(current) }
            current = ""
            length = 0
        }
        func add(_ character: Character) {
            if length < termLengthLimit { current.append(character) }
            length += 1
        }
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (most catalog text), byte by byte: the same terms as the general loop below,
            // without Unicode property look-ups and grapheme breaking for every character.
            for byte in text.utf8 {
                if terms.count >= limit { break }
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): add(Character(Unicode.Scalar(byte)))
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): add(Character(Unicode.Scalar(byte | 0x20)))
                default: close()
                }
            }
        } else {
            for character in text.lowercased() {
                if terms.count >= limit { break }
                if character.isLetter || character.isNumber { add(character) } else { close() }
            }
        }
        if terms.count < limit { close() }
        return terms
    }

    /// The words of a tool name (at least two characters each).
    static func nameWords(_ name: String) -> [String] {
        NameTokenizer.words(name).filter { $0.unicodeScalars.count >= 2 }.map { String($0.prefix(termLengthLimit)) }
    }

    /// The whole name as one term: `delete_file` → `deletefile`, what the box makes of "delete file".
    static func wholeName(_ name: String) -> String {
        String(text(name).joined().prefix(termLengthLimit))
    }

    /// The shard a term is in: its first `depth` characters, letters a–z and digits as
    /// themselves, any other character as `_` and two hex digits of its code point's low byte —
    /// a prefix-free code (a shard's key starts with another's when its terms do), safe in a file
    /// name and a URL, and bounded: Chinese text does not make a shard per first character.
    static func shardKey(_ term: String, depth: Int) -> String {
        var key = ""
        for scalar in term.unicodeScalars.prefix(depth) {
            switch scalar.value {
            case 0x61...0x7A, 0x30...0x39: key.unicodeScalars.append(scalar)
            default:
                let low = String(scalar.value & 0xFF, radix: 16)
                key += "_" + (low.count == 1 ? "0" + low : low)
            }
        }
        return key
    }
}
