/// Makes third-party text inert in Markdown: whatever a tool's name or description holds, the
/// page shows exactly those characters, never markup.
///
/// Inserted text is kept on one line (every run of whitespace or control characters becomes one
/// space), so it cannot start a line of its own. Backslash escapes (CommonMark makes an escaped
/// ASCII punctuation character always literal) go where Markdown could read syntax:
/// - anywhere: `\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `>`, `&` — emphasis, code, links and
///   images, autolinks and raw HTML, entities (`&lt;`);
/// - at the start of the text, which may be the start of a line: any punctuation character
///   (`# heading`, `> quote`, `- item`, `+`, `=`/`-` underlines, `~~~` fences, `::: directive`),
///   and the `.` or `)` after leading digits (`1. item`).
///
/// So `# x`, `[x](javascript:…)`, `<img onerror>`, `{{…}}` render as written. Escaping only what
/// can matter keeps cmark fast (each escape is a node of its own). The one place escapes do not
/// work is inside code; code spans and fenced blocks come from ``codeSpan(_:)`` and
/// ``fencedCodeBlock(_:info:)``.
public enum MarkdownEscaper {
    /// The text on one line, escaped wherever Markdown could read it as syntax.
    public static func inline(_ text: String) -> String {
        var text = text
        if text.withUTF8(isAlreadyInline) { return text }
        return text.withUTF8 { bytes -> String in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 8 + 2)
            var pendingSpace = false
            var leadingDigits = true
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let length = byte < 0x80 ? (byte <= 0x20 || byte == 0x7F ? 1 : 0) : blankLength(bytes, at: index)
                if length > 0 {
                    pendingSpace = !out.isEmpty
                    leadingDigits = false
                    index += length
                    continue
                }
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                let isFirst = out.isEmpty
                if byte < 0x80, isASCIIPunctuation(byte),
                   isFirst || alwaysEscaped(byte) || (leadingDigits && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: ")"))) {
                    out.append(0x5C)
                }
                if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { leadingDigits = false }
                out.append(byte)
                index += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Punctuation that opens inline Markdown wherever it stands.
    /// True when ``inline(_:)`` would give the text back unchanged — most names and
    /// descriptions — so it need not be copied: plain ASCII on one line, single spaces between
    /// words, no character escaped anywhere, and nothing at the start that could begin syntax.
    private static func isAlreadyInline(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last, first > 0x20, last > 0x20, !isASCIIPunctuation(first),
              !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            guard byte < 0x7F, byte > 0x20 || (byte == 0x20 && previous != 0x20), !alwaysEscaped(byte) else { return false }
            previous = byte
        }
        return true
    }

    static func alwaysEscaped(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
            return true
        default:
            return false
        }
    }

    /// Text split into paragraphs at blank lines, each on one line (not yet escaped: the
    /// Markdown content type escapes what a template inserts).
    public static func paragraphs(_ text: String) -> [String] {
        guard text.utf8.contains(0x0A) else {
            let line = oneLine(text)
            return line.isEmpty ? [] : [line]
        }
        var paragraphs: [String] = []
        var current: [Substring] = []
        func flush() {
            let joined = current.joined(separator: " ")
            if joined.contains(where: { !$0.isWhitespace }) { paragraphs.append(joined) }
            current.removeAll()
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) { flush() } else { current.append(line) }
        }
        flush()
        return paragraphs
    }

    /// An inline code span showing `text` exactly: a backtick fence longer than any run inside,
    /// on one line.
    public static func codeSpan(_ text: String) -> String {
        let flat = oneLine(text)
        let fence = String(repeating: "`", count: longestRun(of: UInt8(ascii: "`"), in: flat) + 1)
        let padding = flat.hasPrefix("`") || flat.hasSuffix("`") || flat.hasPrefix(" ") ? " " : ""
        return fence + padding + flat + padding + fence
    }

    /// A fenced code block showing `text` exactly: a fence longer than any backtick run in it, so
    /// no line of the text can close it.
    public static func fencedCodeBlock(_ text: String, info: String = "") -> String {
        let body = text.hasSuffix("\n") ? text : text + "\n"
        let fence = String(repeating: "`", count: max(3, longestRun(of: UInt8(ascii: "`"), in: body) + 1))
        let safeInfo = info.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" }
        return fence + String(String.UnicodeScalarView(safeInfo)) + "\n" + body + fence + "\n"
    }

    static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte)
            || (0x7B...0x7E).contains(byte)
    }

    /// Whitespace, and control characters that have no business on a page.
    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value <= 0x20 || (0x7F...0xA0).contains(value) || value == 0x1680 || (0x2000...0x200A).contains(value)
            || value == 0x2028 || value == 0x2029 || value == 0x202F || value == 0x205F || value == 0x3000
    }

    /// How many bytes of a blank character start at `index` (0 if none): ASCII whitespace and
    /// control characters, C1 controls, and the other Unicode `White_Space` characters (U+00A0,
    /// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), read straight from UTF-8.
    static func blankLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return byte <= 0x20 || byte == 0x7F ? 1 : 0 }
        let second = index + 1 < bytes.count ? bytes[index + 1] : 0
        let third = index + 2 < bytes.count ? bytes[index + 2] : 0
        switch byte {
        case 0xC2: return (0x80...0xA0).contains(second) ? 2 : 0
        case 0xE1: return second == 0x9A && third == 0x80 ? 3 : 0
        case 0xE2:
            if second == 0x80, (0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF { return 3 }
            return second == 0x81 && third == 0x9F ? 3 : 0
        case 0xE3: return second == 0x80 && third == 0x80 ? 3 : 0
        default: return 0
        }
    }

    /// The text on one line: every run of blanks (``blankLength(_:at:)``) as one space, none at
    /// either end; nothing escaped.
    static func oneLine(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            var index = 0
            while index < bytes.count {
                let length = blankLength(bytes, at: index)
                if length > 0 {
                    pendingSpace = !out.isEmpty
                    index += length
                    continue
                }
                if pendingSpace {
                    out.append(0x20)
                    pendingSpace = false
                }
                out.append(bytes[index])
                index += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static func longestRun(of character: UInt8, in text: String) -> Int {
        var longest = 0
        var current = 0
        for byte in text.utf8 {
            current = byte == character ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}
