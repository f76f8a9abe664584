/// IPv4 and IPv6 host parsing as the WHATWG URL standard does it, so every spelling of an
/// address (`2130706433`, `0x7f.1`, `0177.0.0.1`, `[0:0::1]`) comes out as one canonical form.
enum IPAddressParser {
    /// Whether a host's last label is a number (decimal, or `0x` hexadecimal): then the whole
    /// host must parse as IPv4 or the URL is invalid — `good.com.0x7f` is not a domain.
    static func endsInNumber(_ labels: [ArraySlice<UInt8>]) -> Bool {
        labels.last.map(isNumber) ?? false
    }

    /// Whether a label is all digits, or a `0x` hexadecimal number.
    static func isNumber(_ last: ArraySlice<UInt8>) -> Bool {
        guard !last.isEmpty else { return false }
        if last.allSatisfy(ASCII.isDigit) { return true }
        return number(last) != nil
    }

    /// An IPv4 address from its dotted parts (a trailing empty part already removed): each
    /// part decimal, `0x` hex or `0` octal; fewer than four parts fill the last ones.
    static func ipv4(_ parts: [ArraySlice<UInt8>]) -> UInt32? {
        guard (1...4).contains(parts.count) else { return nil }
        var numbers: [UInt64] = []
        for part in parts {
            guard let value = number(part) else { return nil }
            numbers.append(value)
        }
        let last = numbers.removeLast()
        guard numbers.allSatisfy({ $0 <= 255 }), last < UInt64(1) << (8 * (5 - parts.count)) else { return nil }
        var address = last
        for (index, value) in numbers.enumerated() {
            address += value << (8 * (3 - index))
        }
        return UInt32(address)
    }

    /// One IPv4 part: decimal, `0x…` hexadecimal, or octal with a leading `0`.
    private static func number(_ part: ArraySlice<UInt8>) -> UInt64? {
        guard !part.isEmpty, part.count <= 40 else { return nil }
        var digits = part
        var radix: UInt64 = 10
        if digits.count >= 2, digits.first == UInt8(ascii: "0"), ASCII.lowercased(digits[digits.startIndex + 1]) == UInt8(ascii: "x") {
            digits = digits.dropFirst(2)
            radix = 16
        } else if digits.count >= 2, digits.first == UInt8(ascii: "0") {
            digits = digits.dropFirst()
            radix = 8
        }
        var value: UInt64 = 0
        for byte in digits {
            guard let digit = ASCII.hexValue(byte).map(UInt64.init), digit < radix else { return nil }
            value = value * radix + digit
            if value > UInt64(UInt32.max) { return nil }
        }
        return value
    }

    /// An IPv6 address from the text between `[` and `]`: eight 16-bit pieces.
    static func ipv6(_ text: some Collection<UInt8>) -> [UInt16]? {
        let input = Array(text)
        var pieces = [UInt16](repeating: 0, count: 8)
        var pieceIndex = 0
        var compress: Int?
        var pointer = 0
        func at(_ index: Int) -> UInt8? { index < input.count ? input[index] : nil }

        if at(0) == ASCII.colon {
            guard at(1) == ASCII.colon else { return nil }
            pointer = 2
            pieceIndex = 1
            compress = 1
        }
        while let c = at(pointer) {
            guard pieceIndex < 8 else { return nil }
            if c == ASCII.colon {
                guard compress == nil else { return nil }
                pointer += 1
                pieceIndex += 1
                compress = pieceIndex
                continue
            }
            var value: UInt16 = 0
            var length = 0
            while length < 4, let byte = at(pointer), let digit = ASCII.hexValue(byte) {
                value = value * 16 + UInt16(digit)
                pointer += 1
                length += 1
            }
            if at(pointer) == ASCII.dot {
                guard length > 0, pieceIndex <= 6 else { return nil }
                pointer -= length
                guard let (high, low) = embeddedIPv4(input, from: pointer) else { return nil }
                pieces[pieceIndex] = high
                pieces[pieceIndex + 1] = low
                pieceIndex += 2
                pointer = input.count
                break
            }
            if at(pointer) == ASCII.colon {
                pointer += 1
                guard at(pointer) != nil else { return nil }
            } else if at(pointer) != nil {
                return nil
            }
            pieces[pieceIndex] = value
            pieceIndex += 1
        }
        if let compress {
            var swaps = pieceIndex - compress
            pieceIndex = 7
            while pieceIndex != 0 && swaps > 0 {
                pieces.swapAt(pieceIndex, compress + swaps - 1)
                pieceIndex -= 1
                swaps -= 1
            }
        } else if pieceIndex != 8 {
            return nil
        }
        return pieces
    }

    /// The dotted IPv4 tail of an IPv6 address (`::ffff:127.0.0.1`): exactly four decimal
    /// numbers up to 255, without leading zeros.
    private static func embeddedIPv4(_ input: [UInt8], from start: Int) -> (UInt16, UInt16)? {
        let parts = input[start...].split(separator: ASCII.dot, omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt16] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(ASCII.isDigit),
                  part.count == 1 || part.first != UInt8(ascii: "0") else { return nil }
            let value = part.reduce(0) { $0 * 10 + UInt16($1 - UInt8(ascii: "0")) }
            guard value <= 255 else { return nil }
            bytes.append(value)
        }
        return (bytes[0] << 8 | bytes[1], bytes[2] << 8 | bytes[3])
    }

    /// `127.0.0.1`.
    static func serialize(ipv4 address: UInt32) -> String {
        (0..<4).map { String((address >> (8 * (3 - $0))) & 0xFF) }.joined(separator: ".")
    }

    /// `[::ffff:7f00:1]`: lowercase hex, the first longest run of two or more zeros as `::`.
    static func serialize(ipv6 pieces: [UInt16]) -> String {
        var best: (start: Int, length: Int)?
        var index = 0
        while index < 8 {
            guard pieces[index] == 0 else { index += 1; continue }
            let start = index
            while index < 8 && pieces[index] == 0 { index += 1 }
            if index - start >= 2 && index - start > (best?.length ?? 0) { best = (start, index - start) }
        }
        var text = "["
        var skipping = false
        for (position, piece) in pieces.enumerated() {
            if let best, position >= best.start, position < best.start + best.length {
                if !skipping { text += position == 0 ? "::" : ":" }
                skipping = true
                continue
            }
            skipping = false
            text += String(piece, radix: 16)
            if position < 7 { text += ":" }
        }
        return text + "]"
    }
}
