/// Characters a person reading a definition cannot see but a model reads: zero-width spaces,
/// bidirectional embeddings, overrides and isolates (the "Trojan Source" characters), word
/// joiners and invisible operators, a byte-order mark inside text, Unicode tag characters, and
/// the variation selectors that can smuggle bytes. Zero-width joiners and non-joiners and the
/// left-to-right and right-to-left marks are not flagged: Persian, Indic scripts, emoji and
/// right-to-left text need them.
enum InvisibleText {
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B, 0x2060...0x2064, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF, 0x180E, 0x061C,
             0xE0000...0xE007F, 0xE0100...0xE01EF:
            return true
        default:
            return false
        }
    }

    static func contains(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value >= 0x180E && isInvisible($0) }
    }

    /// One finding listing the characters (`U+200B ×3, U+202E`), when there are any.
    static func findings(in text: String, location: String) -> [PoisoningFinding] {
        var counts: [UInt32: Int] = [:]
        var order: [UInt32] = []
        for scalar in text.unicodeScalars where scalar.value >= 0x61C && isInvisible(scalar) {
            if counts[scalar.value] == nil { order.append(scalar.value) }
            counts[scalar.value, default: 0] += 1
        }
        guard !order.isEmpty else { return [] }
        let listed = order.prefix(4).map { value in
            let code = "U+" + String(value, radix: 16, uppercase: true).leftPadded(to: 4)
            return counts[value]! > 1 ? "\(code) ×\(counts[value]!)" : code
        }
        return [PoisoningFinding(kind: .invisibleText, location: location, quote: listed.joined(separator: ", "))]
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
