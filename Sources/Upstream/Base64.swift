/// Standard Base64 (RFC 4648, with padding), for header values (``HeaderValue``).
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let values: [UInt8: UInt32] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, UInt32($0)) })

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? alphabet[Int(value >> (18 - 6 * UInt32(position)) & 0x3F)] : UInt8(ascii: "="))
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes `text` spells, or nil unless it is the canonical spelling: groups of four,
    /// padding only at the end, and zero in the last character's unused bits (so one value has
    /// one spelling, and two headers that differ never decode alike).
    static func decode(_ text: [UInt8]) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 4 * 3)
        for start in stride(from: 0, to: text.count, by: 4) {
            let group = text[start..<start + 4]
            let padding = group.reversed().prefix { $0 == UInt8(ascii: "=") }.count
            guard padding <= 2, padding == 0 || start + 4 == text.count else { return nil }
            var value: UInt32 = 0
            for byte in group.dropLast(padding) {
                guard let digit = values[byte] else { return nil }
                value = value << 6 | digit
            }
            value <<= 6 * UInt32(padding)
            let kept = 3 - padding
            guard value & (0xFFFFFF >> (8 * UInt32(kept))) == 0 else { return nil }
            for index in 0..<kept { out.append(UInt8(value >> (16 - 8 * UInt32(index)) & 0xFF)) }
        }
        return out
    }
}
