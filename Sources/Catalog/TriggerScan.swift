/// A cheap first look at a text for the poisoning detector: does it hold any word a rule starts
/// with? Words are hashed as they are read (ASCII letters, lowercased), so the thousands of schema
/// descriptions that hold none are ruled out without being split into sentences.
///
/// It may say yes when the detector then finds nothing, never the other way round: apostrophes
/// (straight or curly) split words here, and every trigger word is also known by its parts
/// ("don't" as "don" and "t"), so `'ignore'` and `don’t` are still seen; a letter joined by a
/// digit, `-` or `_` ("send2", "pre-send") only adds a word the detector's own split rejects.
struct TriggerScan: Sendable {
    private let hashes: Set<UInt64>

    init(_ words: Set<String>) {
        hashes = Set(words.flatMap { $0.split(separator: "'") }.map { Self.hash(Array($0.utf8)) })
    }

    /// Whether one of the words occurs, or a character that starts a block (`<`, `[`, `#`).
    func mayMatch(_ text: String) -> Bool {
        var hash: UInt64 = Self.offset
        var length = 0
        for byte in text.utf8 {
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
            if lowered >= 0x61 && lowered <= 0x7A {
                hash = (hash ^ UInt64(lowered)) &* Self.prime
                length += 1
                continue
            }
            if length > 0, hashes.contains(hash) { return true }
            hash = Self.offset
            length = 0
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "#") { return true }
        }
        return length > 0 && hashes.contains(hash)
    }

    private static let offset: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    private static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(offset) { ($0 ^ UInt64($1)) &* prime }
    }
}
