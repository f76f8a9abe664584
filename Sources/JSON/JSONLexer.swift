/// The lexical rules of strict JSON that ``JSONParser`` and ``JSONScanner`` share: `\u` escapes,
/// the number grammar, and which numbers are representable. One definition, so the parser that
/// builds values and the scanner that only checks and skips always accept the same texts.
enum JSONLexer {
    /// Why the bytes at `offset` break a rule.
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Reads the four hex digits at `index`.
    static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) throws(Failure) -> UInt32 {
        guard bytes.count - index >= 4 else { throw Failure(message: "incomplete \\u escape", offset: index) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Failure(message: "invalid hex digit in \\u escape", offset: index)
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    /// Reads the `XXXX` after `\u` at `index` — and the low surrogate's `\uXXXX` after a high one.
    static func unicodeEscape(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) throws(Failure) -> Unicode.Scalar {
        let first = try hex4(bytes, &index)
        if (0xD800...0xDBFF).contains(first) {
            guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw Failure(message: "unpaired surrogate in \\u escape", offset: index)
            }
            index += 2
            let second = try hex4(bytes, &index)
            guard (0xDC00...0xDFFF).contains(second) else { throw Failure(message: "unpaired surrogate in \\u escape", offset: index) }
            guard let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) else {
                throw Failure(message: "invalid \\u escape", offset: index)
            }
            return scalar
        }
        guard let scalar = Unicode.Scalar(first) else { throw Failure(message: "unpaired surrogate in \\u escape", offset: index) }
        return scalar
    }

    /// Moves `index` past the number starting there, checking its grammar; returns whether it
    /// is written as an integer (no fraction, no exponent).
    static func scanNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) throws(Failure) -> Bool {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw Failure(message: "invalid number", offset: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw Failure(message: "numbers must not have leading zeros", offset: start) }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw Failure(message: "expected a digit after '.'", offset: start) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw Failure(message: "expected a digit in the exponent", offset: start) }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return isInteger
    }

    /// The value of the number text `bytes[range]`: an exact integer when it is one that fits,
    /// otherwise a finite double (a number too large for a double is refused).
    static func numberValue(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, isInteger: Bool) throws(Failure) -> JSONValue {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        if isInteger, let value = Int64(text) { return .int(value) }
        guard let value = Double(text), value.isFinite else { throw Failure(message: "number out of range", offset: range.lowerBound) }
        return .double(value)
    }
}
