/// Prints JSON values deterministically: members in their stored order (or sorted), numbers in
/// their shortest exact form, the same bytes for the same value every time.
public struct JSONWriter: Sendable {
    public enum Style: Sendable {
        /// One line, no spaces — for the wire.
        case compact
        /// Two-space indentation and `"key": value` — for files and pages people read.
        case pretty
    }

    public var style: Style
    public var sortedKeys: Bool
    /// Escape `<`, `>`, `&`, U+2028 and U+2029 so the text can sit inside an HTML `<script>`.
    public var htmlSafe: Bool

    public init(style: Style = .compact, sortedKeys: Bool = false, htmlSafe: Bool = false) {
        self.style = style
        self.sortedKeys = sortedKeys
        self.htmlSafe = htmlSafe
    }

    public func string(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, indent: 0)
        return out
    }

    public func bytes(_ value: JSONValue) -> [UInt8] {
        Array(string(value).utf8)
    }

    private func write(_ value: JSONValue, into out: inout String, indent: Int) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += Self.format(d)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements): writeArray(elements, into: &out, indent: indent)
        case .object(let members): writeObject(members, into: &out, indent: indent)
        }
    }

    private func writeArray(_ elements: [JSONValue], into out: inout String, indent: Int) {
        guard !elements.isEmpty else {
            out += "[]"
            return
        }
        out += "["
        for (i, element) in elements.enumerated() {
            if i > 0 { out += "," }
            newline(into: &out, indent: indent + 1)
            write(element, into: &out, indent: indent + 1)
        }
        newline(into: &out, indent: indent)
        out += "]"
    }

    private func writeObject(_ members: JSONObject, into out: inout String, indent: Int) {
        guard !members.isEmpty else {
            out += "{}"
            return
        }
        out += "{"
        let keys = sortedKeys ? members.keys.sorted() : Array(members.keys)
        for (i, key) in keys.enumerated() {
            if i > 0 { out += "," }
            newline(into: &out, indent: indent + 1)
            writeString(key, into: &out)
            out += style == .pretty ? ": " : ":"
            write(members[key]!, into: &out, indent: indent + 1)
        }
        newline(into: &out, indent: indent)
        out += "}"
    }

    private func newline(into out: inout String, indent: Int) {
        guard style == .pretty else { return }
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }

    private func writeString(_ s: String, into out: inout String) {
        out += "\""
        var s = s
        s.withUTF8 { bytes in
            // Runs that need no escape are copied whole; only the bytes between them are
            // looked at one by one.
            var runStart = 0
            var index = 0
            while index < bytes.count {
                guard needsEscape(bytes[index]) else {
                    index += 1
                    continue
                }
                let (escaped, length) = escape(at: index, in: bytes)
                guard let escaped else {
                    index += length
                    continue
                }
                out += String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<index]), as: UTF8.self)
                out += escaped
                index += length
                runStart = index
            }
            out += String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]), as: UTF8.self)
        }
        out += "\""
    }

    /// The escape for the character at `index` (nil when it is written as is) and its length
    /// in bytes. Only ASCII and U+2028/U+2029 (E2 80 A8/A9) are ever escaped.
    private func escape(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (String?, Int) {
        let byte = bytes[index]
        guard byte == 0xE2 else { return (escape(Unicode.Scalar(byte)), 1) }
        guard index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 else {
            return (nil, 1)
        }
        return (escape(bytes[index + 2] == 0xA8 ? "\u{2028}" : "\u{2029}"), 3)
    }

    /// The escape for a scalar, or nil when it is written as is.
    private func escape(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "<" where htmlSafe: return "\\u003c"
        case ">" where htmlSafe: return "\\u003e"
        case "&" where htmlSafe: return "\\u0026"
        case "\u{2028}" where htmlSafe: return "\\u2028"
        case "\u{2029}" where htmlSafe: return "\\u2029"
        default:
            guard scalar.value < 0x20 else { return nil }
            let hex = String(scalar.value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }

    /// Whether a UTF-8 byte may need escaping: quotes, backslashes, control characters, and under
    /// `htmlSafe` the HTML specials and the lead byte of U+2028/U+2029.
    private func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
            || (htmlSafe && (byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == 0xE2))
    }

    /// Integral doubles print without a fraction (`30`, not `30.0`), as JavaScript would.
    static func format(_ d: Double) -> String {
        if d.rounded() == d && abs(d) < 1e15 {
            return String(Int64(d))
        }
        return "\(d)"
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of the value.
    public var description: String { JSONWriter().string(self) }
}
