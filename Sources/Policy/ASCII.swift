/// The ASCII bytes the path and URL parsers look for, and byte-level helpers.
enum ASCII {
    static let slash: UInt8 = 0x2F
    static let backslash: UInt8 = 0x5C
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let percent: UInt8 = 0x25
    static let question: UInt8 = 0x3F
    static let hash: UInt8 = 0x23
    static let at: UInt8 = 0x40
    static let space: UInt8 = 0x20
    static let openBracket: UInt8 = 0x5B
    static let closeBracket: UInt8 = 0x5D

    static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The value of a hexadecimal digit, or nil.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Whether `bytes` spell `word` (lowercase ASCII) in any case.
    static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let expected = word.utf8Start
        for (offset, byte) in bytes.enumerated() where lowercased(byte) != expected[offset] { return false }
        return true
    }

    /// `bytes` as a String, lowercased (one allocation at most; none for short strings).
    static func lowercasedString(_ bytes: ArraySlice<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            for (offset, byte) in bytes.enumerated() { buffer[offset] = lowercased(byte) }
            return bytes.count
        }
    }
}
