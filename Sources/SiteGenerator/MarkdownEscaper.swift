/// Makes third-party text inert in Markdown: whatever a tool's name or description holds, the
/// page shows exactly those characters, never markup.
///
/// Every ASCII punctuation character gets a backslash (CommonMark lets any of them be escaped,
/// and an escaped one is always literal), and every run of whitespace or control characters
/// becomes one space, so inserted text can neither start a block (`# `, `- `, `> `, `1. `, a
/// fence, a directive line) nor open an inline construct (`[x](javascript:…)`, `<img>`, `*`,
/// `` ` ``, `{{…}}`, an entity such as `&lt;`). The one place escapes do not work is inside code;
/// code spans and fenced blocks come from ``codeSpan(_:)`` and ``fencedCodeBlock(_:info:)``.
public enum MarkdownEscaper {
    /// The text on one line, every punctuation character escaped.
    public static func inline(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 4)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isBlank(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                if isASCIIPunctuation(byte) { out.append(0x5C) }
                out.append(byte)
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Text split into paragraphs at blank lines, each on one line (not yet escaped: the
    /// Markdown content type escapes what a template inserts).
    public static func paragraphs(_ text: String) -> [String] {
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
        scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F
            || (0x80..<0xA0).contains(scalar.value)
    }

    private static func oneLine(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isBlank(scalar) {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(scalar)
        }
        return String(result)
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
