/// Finds how far a JSON string's text runs before something the scanner must look at: a quote,
/// a backslash or a control character. Eight bytes are checked at once (bit tricks on a
/// `UInt64`), so the text of a large tool result costs a few operations per word instead of
/// three comparisons per byte.
enum PlainRun {
    /// The number of bytes from `start` that are neither `"`, `\` nor below 0x20; sets
    /// `nonASCII` when any of them is 0x80 or above (the string must then be UTF-8-checked).
    static func length(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, nonASCII: inout Bool) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var index = start
        var high: UInt64 = 0
        while index + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if hasSpecialByte(word) { break }
            high |= word & highBits
            index += 8
        }
        if high != 0 { nonASCII = true }
        while index < bytes.count, !isSpecial(bytes[index]) {
            if bytes[index] >= 0x80 { nonASCII = true }
            index += 1
        }
        return index - start
    }

    /// Whether a byte ends a run.
    static func isSpecial(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether any of the word's eight bytes is special. Exact, in both directions: a borrow
    /// can reach a byte only from a lower byte that is itself below the bound.
    static func hasSpecialByte(_ word: UInt64) -> Bool {
        let control = (word &- ones &* 0x20) & ~word & highBits
        return (control | hasZeroByte(word ^ (ones &* 0x22)) | hasZeroByte(word ^ (ones &* 0x5C))) != 0
    }

    private static func hasZeroByte(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highBits
    }
}
