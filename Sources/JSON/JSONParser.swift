/// Why a text is not JSON, and where: the line and column a person can jump to.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Byte offset from the start of the input.
    public var offset: Int
    /// 1-based line and column of `offset`.
    public var line: Int
    public var column: Int
    /// Set for a duplicate member, where the problem has a path as well as a position.
    public var pointer: JSONPointer?

    public var description: String {
        "line \(line), column \(column): \(message)"
    }
}

/// A strict RFC 8259 parser working directly on UTF-8 bytes.
///
/// Strict, because the documents we read decide what an agent may do: trailing commas, comments,
/// `NaN`, bare control characters and (unless asked otherwise) duplicate member names are errors,
/// never silently accepted.
public struct JSONParser {
    /// What to do when an object names the same member twice.
    public enum DuplicateKeys: Sendable {
        /// An error naming the member — for documents people write (policies, configuration).
        case reject
        /// The last one wins, as most parsers do — for protocol traffic we only inspect.
        case lastWins
    }

    /// Nesting deeper than this is refused rather than risking the stack.
    public static let maximumDepth = 512

    public static func parse(_ text: String, duplicateKeys: DuplicateKeys = .reject) throws(JSONSyntaxError) -> JSONValue {
        var copy = text
        return try copy.withUTF8 { bytes in
            parseCatching(bytes, duplicateKeys: duplicateKeys)
        }.get()
    }

    public static func parse(bytes: some Collection<UInt8>, duplicateKeys: DuplicateKeys = .reject) throws(JSONSyntaxError) -> JSONValue {
        if let result = bytes.withContiguousStorageIfAvailable({ buffer in
            parseCatching(buffer, duplicateKeys: duplicateKeys)
        }) {
            return try result.get()
        }
        return try Array(bytes).withUnsafeBufferPointer { buffer in
            parseCatching(buffer, duplicateKeys: duplicateKeys)
        }.get()
    }

    private static func parseCatching(_ buffer: UnsafeBufferPointer<UInt8>, duplicateKeys: DuplicateKeys) -> Result<JSONValue, JSONSyntaxError> {
        do {
            return .success(try parse(buffer, duplicateKeys: duplicateKeys))
        } catch {
            return .failure(error)
        }
    }

    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>, duplicateKeys: DuplicateKeys = .reject) throws(JSONSyntaxError) -> JSONValue {
        var reader = Reader(bytes: buffer, duplicateKeys: duplicateKeys)
        reader.skipWhitespace()
        if reader.index == buffer.count {
            throw reader.error("the document is empty")
        }
        let value = try reader.parseValue(depth: 0, pointer: .root)
        reader.skipWhitespace()
        if reader.index != buffer.count {
            throw reader.error("unexpected text after the end of the document")
        }
        return value
    }
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let duplicateKeys: JSONParser.DuplicateKeys
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, duplicateKeys: JSONParser.DuplicateKeys) {
        self.bytes = bytes
        self.duplicateKeys = duplicateKeys
    }

    func error(_ message: String, at offset: Int? = nil, pointer: JSONPointer? = nil) -> JSONSyntaxError {
        let position = min(offset ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<position where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return JSONSyntaxError(message: message, offset: position, line: line, column: position - lineStart + 1, pointer: pointer)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    func describeCurrent() -> String {
        guard index < bytes.count else { return "the end of the document" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    mutating func parseValue(depth: Int, pointer: JSONPointer) throws(JSONSyntaxError) -> JSONValue {
        guard depth < JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
        guard index < bytes.count else { throw error("expected a value, found the end of the document") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth, pointer: pointer)
        case UInt8(ascii: "["): return try parseArray(depth: depth, pointer: pointer)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("expected a value, found \(describeCurrent())")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let start = index
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw error("expected '\(literal)'", at: start) }
        for i in 0..<count where bytes[index + i] != literal.utf8Start[i] {
            throw error("expected '\(literal)'", at: start)
        }
        index += count
    }

    mutating func parseObject(depth: Int, pointer: JSONPointer) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var members = JSONObject()
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a member name in double quotes, found \(describeCurrent())")
            }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after member name \"\(key)\", found \(describeCurrent())")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth + 1, pointer: pointer.appending(key))
            if members.updateValue(value, forKey: key) != nil, duplicateKeys == .reject {
                throw error("member \"\(key)\" appears twice in the same object", at: keyOffset, pointer: pointer.appending(key))
            }
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated object: expected ',' or '}'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
                    throw error("trailing comma before '}'")
                }
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            throw error("expected ',' or '}' in object, found \(describeCurrent())")
        }
    }

    mutating func parseArray(depth: Int, pointer: JSONPointer) throws(JSONSyntaxError) -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1, pointer: pointer.appending(elements.count)))
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated array: expected ',' or ']'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                    throw error("trailing comma before ']'")
                }
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            throw error("expected ',' or ']' in array, found \(describeCurrent())")
        }
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = index
        index += 1
        let contentStart = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[contentStart..<index])
                index += 1
                guard let string = String(validating: slice, as: UTF8.self) else {
                    throw error("string is not valid UTF-8", at: start)
                }
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string must be escaped") }
            index += 1
        }
        guard index < bytes.count else { throw error("unterminated string", at: start) }
        var scalars = Array(bytes[contentStart..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let string = String(validating: scalars, as: UTF8.self) else {
                    throw error("string is not valid UTF-8", at: start)
                }
                return string
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unterminated string", at: start) }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append(0x22)
                case UInt8(ascii: "\\"): scalars.append(0x5C)
                case UInt8(ascii: "/"): scalars.append(0x2F)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    let scalar = try parseUnicodeEscape()
                    scalars.append(contentsOf: String(Character(scalar)).utf8)
                default:
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))' in string", at: index - 2)
                }
            default:
                if byte < 0x20 { throw error("control character in a string must be escaped") }
                scalars.append(byte)
                index += 1
            }
        }
        throw error("unterminated string", at: start)
    }

    mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        do {
            return try JSONLexer.unicodeEscape(bytes, &index)
        } catch {
            throw self.error(error.message, at: error.offset)
        }
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        do {
            let isInteger = try JSONLexer.scanNumber(bytes, &index)
            return try JSONLexer.numberValue(bytes, start..<index, isInteger: isInteger)
        } catch {
            throw self.error(error.message, at: error.offset)
        }
    }
}
