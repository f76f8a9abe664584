/// Finds a lowercase ASCII word in text, case-insensitively and as a whole word, without
/// splitting the text into words first (property descriptions are many and mostly irrelevant).
enum WordSearch {
    static func contains(word: String, in text: String) -> Bool {
        let needle = Array(word.utf8)
        guard let first = needle.first else { return false }
        let haystack = text.utf8
        var index = haystack.startIndex
        var previousIsLetter = false
        while index != haystack.endIndex {
            let byte = lowercased(haystack[index])
            if byte == first, !previousIsLetter, matches(needle, in: haystack, at: index) {
                let end = haystack.index(index, offsetBy: needle.count)
                if end == haystack.endIndex || !isLetter(haystack[end]) { return true }
            }
            previousIsLetter = isLetter(haystack[index])
            index = haystack.index(after: index)
        }
        return false
    }

    private static func matches(_ needle: [UInt8], in haystack: String.UTF8View, at start: String.UTF8View.Index) -> Bool {
        var index = start
        for byte in needle {
            guard index != haystack.endIndex, lowercased(haystack[index]) == byte else { return false }
            index = haystack.index(after: index)
        }
        return true
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte + 0x20 : byte
    }

    /// Bytes that belong to a word as `DescriptionReader` splits them: ASCII letters, digits, `-`,
    /// `_`, `'`, and every byte of a non-ASCII character (so "émail" and "author-email" are not "email").
    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte >= 0x80
            || byte == 0x2D || byte == 0x5F || byte == 0x27
    }
}
