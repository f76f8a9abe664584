/// A validating JSON scanner that reads only what it is asked for and skips the rest.
///
/// The gateway forwards bytes, not models: to route a message it needs a handful of members
/// (`id`, `method`, a tool's `name`, a `progressToken`) and the byte ranges of a few others. This
/// scanner walks a document once, checking it is strict RFC 8259 JSON (the same rules as
/// `JSONParser`: no trailing commas, no bare control characters, valid UTF-8 and escapes,
/// finite numbers), without building values for what it skips.
struct JSONScanner {
    /// Why bytes are not JSON, and where.
    struct Failure: Error, Equatable, CustomStringConvertible {
        var message: String
        var offset: Int
        var description: String { "\(message) at byte \(offset)" }
    }

    /// Nesting deeper than this is refused, as in `JSONParser`.
    static let maximumDepth = 512

    let bytes: UnsafeRawBufferPointer
    var index: Int

    init(_ bytes: UnsafeRawBufferPointer, from index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8 { bytes[index] }

    func failure(_ message: String, at offset: Int? = nil) -> Failure {
        Failure(message: message, offset: offset ?? index)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Skips one value (checking it), leaving `index` just after it.
    mutating func skipValue(depth: Int = 0) throws(Failure) {
        guard depth < Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth) levels") }
        guard index < bytes.count else { throw failure("expected a value, found the end of the document") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try skipObject(depth: depth)
        case UInt8(ascii: "["): try skipArray(depth: depth)
        case UInt8(ascii: "\""): _ = try skipString()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        default: throw failure("expected a value")
        }
    }

    /// Skips one value and returns the byte range it occupies.
    mutating func valueRange(depth: Int = 0) throws(Failure) -> Range<Int> {
        let start = index
        try skipValue(depth: depth)
        return start..<index
    }

    mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw failure("expected '\(literal)'") }
        for i in 0..<count where bytes[index + i] != literal.utf8Start[i] {
            throw failure("expected '\(literal)'")
        }
        index += count
    }

    private mutating func skipObject(depth: Int) throws(Failure) {
        try forEachMember(depth: depth) { (scanner: inout JSONScanner, _: Range<Int>) throws(Failure) in
            try scanner.skipValue(depth: depth + 1)
        }
    }

    private mutating func skipArray(depth: Int) throws(Failure) {
        try forEachElement(depth: depth) { (scanner: inout JSONScanner) throws(Failure) in
            try scanner.skipValue(depth: depth + 1)
        }
    }

    /// Walks the object at `index`: for each member, calls `body` with the scanner positioned at
    /// the member's value and the byte range of its name (quotes included); `body` must consume
    /// the value.
    mutating func forEachMember(
        depth: Int = 0, _ body: (inout JSONScanner, Range<Int>) throws(Failure) -> Void
    ) throws(Failure) {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { throw failure("expected an object") }
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure("expected a member name in double quotes")
            }
            let keyStart = index
            _ = try skipString()
            let key = keyStart..<index
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':' after a member name") }
            index += 1
            skipWhitespace()
            try body(&self, key)
            skipWhitespace()
            guard index < bytes.count else { throw failure("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                if index < bytes.count && bytes[index] == UInt8(ascii: "}") { throw failure("trailing comma before '}'") }
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return
            }
            throw failure("expected ',' or '}' in an object")
        }
    }

    /// Walks the array at `index`: `body` is called positioned at each element and must consume it.
    mutating func forEachElement(depth: Int = 0, _ body: (inout JSONScanner) throws(Failure) -> Void) throws(Failure) {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { throw failure("expected an array") }
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try body(&self)
            skipWhitespace()
            guard index < bytes.count else { throw failure("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                if index < bytes.count && bytes[index] == UInt8(ascii: "]") { throw failure("trailing comma before ']'") }
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return
            }
            throw failure("expected ',' or ']' in an array")
        }
    }

    /// Skips the string at `index`; returns whether it contained escapes.
    @discardableResult
    mutating func skipString() throws(Failure) -> Bool {
        let start = index
        index += 1
        var escaped = false
        var nonASCII = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if nonASCII && !UTF8Validation.isValid(UnsafeRawBufferPointer(rebasing: bytes[(start + 1)..<index])) {
                    throw failure("string is not valid UTF-8", at: start)
                }
                index += 1
                return escaped
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                try skipEscape(stringStart: start)
                continue
            }
            if byte < 0x20 { throw failure("control character in a string must be escaped") }
            if byte >= 0x80 { nonASCII = true }
            index += 1
        }
        throw failure("unterminated string", at: start)
    }

    private mutating func skipEscape(stringStart: Int) throws(Failure) {
        index += 1
        guard index < bytes.count else { throw failure("unterminated string", at: stringStart) }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            _ = try unicodeEscape()
        default:
            throw failure("invalid escape in a string", at: index - 2)
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard bytes.count - index >= 4 else { throw failure("incomplete \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("invalid hex digit in \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    /// Reads the `XXXX` (and a low surrogate's `\uXXXX`) after `\u`.
    private mutating func unicodeEscape() throws(Failure) -> Unicode.Scalar {
        let first = try hex4()
        if (0xD800...0xDBFF).contains(first) {
            guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw failure("unpaired surrogate in \\u escape")
            }
            index += 2
            let second = try hex4()
            guard (0xDC00...0xDFFF).contains(second) else { throw failure("unpaired surrogate in \\u escape") }
            guard let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) else {
                throw failure("invalid \\u escape")
            }
            return scalar
        }
        guard let scalar = Unicode.Scalar(first) else { throw failure("unpaired surrogate in \\u escape") }
        return scalar
    }

    private mutating func skipNumber() throws(Failure) {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, Self.isDigit(bytes[index]) else { throw failure("invalid number", at: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, Self.isDigit(bytes[index]) { throw failure("numbers must not have leading zeros", at: start) }
        } else {
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw failure("expected a digit after '.'", at: start) }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw failure("expected a digit in the exponent", at: start) }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        // Long integers and exponents may not fit; `JSONParser` refuses what is not finite.
        if !isInteger || index - start > 18 {
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if isInteger, Int64(text) != nil { return }
            guard let value = Double(text), value.isFinite else { throw failure("number out of range", at: start) }
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    // MARK: Reading values

    /// Decodes the string whose quoted text occupies `range` (already checked by `skipString`).
    func decodeString(_ range: Range<Int>) -> String {
        let content = (range.lowerBound + 1)..<(range.upperBound - 1)
        guard bytes[content].contains(UInt8(ascii: "\\")) else {
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[content]), as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(content.count)
        var scanner = JSONScanner(bytes, from: content.lowerBound)
        while scanner.index < content.upperBound {
            let byte = bytes[scanner.index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                scanner.index += 1
                continue
            }
            let escape = bytes[scanner.index + 1]
            scanner.index += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = (try? scanner.unicodeEscape()) ?? "\u{FFFD}"
                out.append(contentsOf: String(Character(scalar)).utf8)
            default: out.append(escape)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the string at `range` (quotes included, no escapes) spells `literal`.
    func stringEquals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard range.count == count + 2 else {
            // Escaped spellings of a key are legal JSON; compare them decoded.
            return range.count > count + 2 && bytes[range].contains(UInt8(ascii: "\\"))
                && decodeString(range) == literal.description
        }
        for i in 0..<count where bytes[range.lowerBound + 1 + i] != literal.utf8Start[i] {
            return false
        }
        return true
    }
}
