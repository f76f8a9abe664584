/// Makes third-party text (an upstream's stderr, tool names, error messages) safe to write
/// where a person reads it — a log file, a terminal: control characters, terminal escape
/// sequences among them, and bytes that are not UTF-8 are written as visible escapes, so a
/// line can neither rewrite the screen nor pass for several lines. The same job as JSON's
/// string escaping, for text that is not JSON.
///
/// `\n`, `\r` and `\t` stay readable as such; other C0 controls and DEL become `\xHH`, C1
/// controls `\u{HH}`, and each byte of an invalid UTF-8 sequence `\xHH`. Backslashes are kept
/// as they are (readability over strictness: Windows paths stay legible).
public enum UntrustedText {
    /// `bytes` as printable text.
    public static func printable(_ bytes: some Collection<UInt8>) -> String {
        var output = ""
        output.reserveCapacity(bytes.count)
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var rest = bytes[...]
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                if needsEscape(scalar) { output += escape(scalar) } else { output.unicodeScalars.append(scalar) }
                rest = rest.dropFirst(encoded.count)
            case .error(let length):
                for byte in rest.prefix(length) { output += hex(byte, prefix: "\\x") }
                rest = rest.dropFirst(length)
            case .emptyInput:
                return output
            }
        }
    }

    /// `text` as printable text (itself when it holds nothing to escape).
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) { output += escape(scalar) } else { output.unicodeScalars.append(scalar) }
        }
        return output
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: return scalar.value < 0x80 ? hex(UInt8(scalar.value), prefix: "\\x") : "\\u{" + String(scalar.value, radix: 16) + "}"
        }
    }

    private static func hex(_ byte: UInt8, prefix: String) -> String {
        let digits = Array("0123456789abcdef")
        return prefix + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
