/// A validating JSON scanner that reads only what it is asked for and skips the rest.
///
/// To route a message, the gateway needs a handful of members (`id`, `method`, a tool's
/// `name`, a progress token) and the byte ranges of a few others; the rest is forwarded as
/// bytes. This scanner walks a document once, checking that it is strict JSON by exactly the
/// rules of ``JSONParser`` (the lexical ones are shared: `JSONLexer`), without building values
/// for what it skips.
public struct JSONScanner {
    /// Why bytes are not JSON, and where.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { "\(message) at byte \(offset)" }
    }

    public let bytes: UnsafeBufferPointer<UInt8>
    /// Where the scanner is: the offset of the next byte to read.
    public var index: Int
    /// Set to notice a member named twice in one object, at any depth, while walking.
    ///
    /// Off by default: only the gateway's envelope reader needs it (an upstream whose parser keeps
    /// the first of two `name`s would run a tool the policy never judged). Walking goes on past
    /// a duplicate, so the reader still gets the message's id to answer with.
    public var findsDuplicateKeys = false
    /// The first member name (quotes included) found twice in one object, once
    /// ``findsDuplicateKeys`` is set.
    public private(set) var duplicateKey: Range<Int>?
    /// The member names of the objects being walked, outermost first: one buffer shared by
    /// every nesting level (made on the first object walked with ``findsDuplicateKeys`` set).
    private var openNames: DuplicateNames?

    public init(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    /// A scanner over raw memory (a NIO `ByteBuffer`'s readable bytes, say).
    public init(_ raw: UnsafeRawBufferPointer, from index: Int = 0) {
        self.init(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count), from: index)
    }

    public var atEnd: Bool { index >= bytes.count }
    public var current: UInt8 { bytes[index] }

    func failure(_ message: String, at offset: Int? = nil) -> Failure {
        Failure(message: message, offset: offset ?? index)
    }

    public mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Skips one value (checking it), leaving `index` just after it.
    public mutating func skipValue(depth: Int = 0) throws(Failure) {
        guard depth < JSONParser.maximumDepth else { throw failure("nesting deeper than \(JSONParser.maximumDepth) levels") }
        guard index < bytes.count else { throw failure("expected a value, found the end of the document") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            try forEachMember(depth: depth) { (scanner: inout JSONScanner, _: Range<Int>) throws(Failure) in
                try scanner.skipValue(depth: depth + 1)
            }
        case UInt8(ascii: "["):
            try forEachElement { (scanner: inout JSONScanner) throws(Failure) in try scanner.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        default: throw failure("expected a value")
        }
    }

    /// Skips one value and returns the byte range it occupies.
    public mutating func valueRange(depth: Int = 0) throws(Failure) -> Range<Int> {
        let start = index
        try skipValue(depth: depth)
        return start..<index
    }

    /// Checks that only whitespace is left.
    public mutating func expectEnd() throws(Failure) {
        skipWhitespace()
        if !atEnd { throw failure("unexpected text after the end of the document") }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(Failure) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw failure("expected '\(literal)'") }
        for i in 0..<count where bytes[index + i] != literal.utf8Start[i] {
            throw failure("expected '\(literal)'")
        }
        index += count
    }

    /// Walks the object at `index`: for each member, calls `body` with the scanner positioned at
    /// the member's value and the byte range of its name (quotes included); `body` must consume
    /// the value.
    public mutating func forEachMember(
        depth: Int = 0, _ body: (inout JSONScanner, Range<Int>) throws(Failure) -> Void
    ) throws(Failure) {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { throw failure("expected an object") }
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        var object: DuplicateNames.Object?
        if findsDuplicateKeys {
            if openNames == nil { openNames = DuplicateNames() }
            object = openNames!.openObject()
        }
        defer { if let object { openNames!.closeObject(object) } }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure("expected a member name in double quotes")
            }
            let keyStart = index
            let escaped = try skipString()
            let key = keyStart..<index
            if let object, !openNames!.insert(key, escaped: escaped, in: object, bytes: bytes), duplicateKey == nil {
                duplicateKey = key
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':' after a member name") }
            index += 1
            skipWhitespace()
            try body(&self, key)
            guard try endOfItem(closing: "}", kind: "object") else { return }
        }
    }

    /// Walks the array at `index`: `body` is called positioned at each element and must consume it.
    public mutating func forEachElement(_ body: (inout JSONScanner) throws(Failure) -> Void) throws(Failure) {
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
            guard try endOfItem(closing: "]", kind: "array") else { return }
        }
    }

    /// After a member or element: true at a `,` (another follows), false at the closing bracket.
    private mutating func endOfItem(closing: Unicode.Scalar, kind: String) throws(Failure) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unterminated \(kind)") }
        if bytes[index] == UInt8(ascii: ",") {
            index += 1
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: closing) { throw failure("trailing comma before '\(closing)'") }
            return true
        }
        if bytes[index] == UInt8(ascii: closing) {
            index += 1
            return false
        }
        throw failure("expected ',' or '\(closing)' in an \(kind)")
    }

    /// Skips the string at `index`, checking its escapes and UTF-8; returns whether it had an escape.
    @discardableResult
    public mutating func skipString() throws(Failure) -> Bool {
        let start = index
        index += 1
        var nonASCII = false
        var escaped = false
        while index < bytes.count {
            index += PlainRun.length(in: bytes, from: index, nonASCII: &nonASCII)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                if nonASCII && !UTF8Validation.isValid(UnsafeBufferPointer(rebasing: bytes[(start + 1)..<index])) {
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
            throw failure("control character in a string must be escaped")
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
            do {
                _ = try JSONLexer.unicodeEscape(bytes, &index)
            } catch {
                throw failure(error.message, at: error.offset)
            }
        default:
            throw failure("invalid escape in a string", at: index - 2)
        }
    }

    private mutating func skipNumber() throws(Failure) {
        let start = index
        do {
            let isInteger = try JSONLexer.scanNumber(bytes, &index)
            // Only long integers and numbers with a fraction or exponent can fail to fit.
            if !isInteger || index - start > 18 { _ = try JSONLexer.numberValue(bytes, start..<index, isInteger: isInteger) }
        } catch {
            throw failure(error.message, at: error.offset)
        }
    }

    // MARK: Reading values

    /// The string whose quoted text occupies `range` (as checked by ``skipString()``), decoded.
    public func decodeString(_ range: Range<Int>) -> String {
        let content = UnsafeBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)])
        guard content.contains(UInt8(ascii: "\\")) else { return String(decoding: content, as: UTF8.self) }
        let literal = UnsafeBufferPointer(rebasing: bytes[range])
        return (try? JSONParser.parse(literal, duplicateKeys: .lastWins))?.stringValue ?? ""
    }

    /// The string at `range`, decoded; nil when the value there is not a string.
    public func stringValue(at range: Range<Int>) -> String? {
        guard bytes[range.lowerBound] == UInt8(ascii: "\"") else { return nil }
        return decodeString(range)
    }

    /// Whether the string at `range` (quotes included) spells `literal`.
    public func stringEquals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard range.count == count + 2 else {
            // An escaped spelling of a member name is legal JSON: compare it decoded.
            return range.count > count + 2 && bytes[range].contains(UInt8(ascii: "\\"))
                && decodeString(range) == literal.description
        }
        for i in 0..<count where bytes[range.lowerBound + 1 + i] != literal.utf8Start[i] {
            return false
        }
        return true
    }

    /// The range of the value at `path` (object members, from the value starting at `start`),
    /// in a document already checked; nil when a member is missing or a value on the way is
    /// not an object.
    public func memberRange(path: [StaticString], startingAt start: Int) -> Range<Int>? {
        var scanner = JSONScanner(bytes, from: start)
        var found: Range<Int>? = nil
        for name in path {
            guard !scanner.atEnd, scanner.current == UInt8(ascii: "{") else { return nil }
            found = nil
            try? scanner.forEachMember { (s: inout JSONScanner, key: Range<Int>) throws(Failure) in
                let value = try s.valueRange(depth: 1)
                if s.stringEquals(key, name) { found = value }
            }
            guard let range = found else { return nil }
            scanner.index = range.lowerBound
        }
        return found
    }
}
