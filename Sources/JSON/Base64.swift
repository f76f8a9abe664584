/// Base64 (RFC 4648) in the two spellings the gateway uses: standard with padding (header
/// values, ``standard``) and base64url without padding (grant tokens, signed `requestState`,
/// ``url``). Decoding takes only the canonical spelling of a value — full groups, padding (when
/// the spelling has it) only at the end, and zero in the last character's unused bits — so one
/// value has one spelling: two headers that differ never decode alike, and an altered signature
/// cannot verify by changing bits a lenient decoder would ignore.
public struct Base64: Sendable {
    /// RFC 4648 §4, padded: `A–Z a–z 0–9 + /`, `=`.
    public static let standard = Base64(alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", padded: true)
    /// RFC 4648 §5, unpadded: `A–Z a–z 0–9 - _`.
    public static let url = Base64(alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", padded: false)

    private let alphabet: [UInt8]
    /// Each byte's digit, or 0xFF for a byte outside the alphabet.
    private let digits: [UInt8]
    private let padded: Bool
    private static let pad = UInt8(ascii: "=")

    private init(alphabet: String, padded: Bool) {
        self.alphabet = Array(alphabet.utf8)
        var digits = [UInt8](repeating: 0xFF, count: 256)
        for (digit, byte) in self.alphabet.enumerated() { digits[Int(byte)] = UInt8(digit) }
        self.digits = digits
        self.padded = padded
    }

    /// Whether `byte` is one of the alphabet's 64 characters (padding is not).
    public func isAlphabet(_ byte: UInt8) -> Bool { digits[Int(byte)] != 0xFF }

    public func encode(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0...chunk.count { out.append(alphabet[Int(value >> (18 - 6 * UInt32(position)) & 0x3F)]) }
            if padded { out += [UInt8](repeating: Self.pad, count: 3 - chunk.count) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes `text` spells, or nil unless it is the canonical spelling of them.
    public func decode(_ text: some StringProtocol) -> [UInt8]? {
        var digits = Array(text.utf8)
        if padded {
            guard digits.count % 4 == 0 else { return nil }
            let padding = digits.reversed().prefix { $0 == Self.pad }.count
            guard padding <= 2 else { return nil }
            digits.removeLast(padding)
        }
        // The last group holds 2 or 3 digits (1 or 2 bytes) or none; a lone digit holds no byte.
        guard digits.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count * 3 / 4)
        for start in stride(from: 0, to: digits.count, by: 4) {
            let group = digits[start..<min(start + 4, digits.count)]
            var value: UInt32 = 0
            for byte in group {
                let digit = self.digits[Int(byte)]
                guard digit != 0xFF else { return nil }
                value = value << 6 | UInt32(digit)
            }
            value <<= 6 * UInt32(4 - group.count)
            let kept = group.count - 1
            guard value & (0xFFFFFF >> (8 * UInt32(kept))) == 0 else { return nil }
            for index in 0..<kept { out.append(UInt8(value >> (16 - 8 * UInt32(index)) & 0xFF)) }
        }
        return out
    }
}
