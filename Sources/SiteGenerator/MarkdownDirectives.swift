/// Directive lines: how a Markdown template places a block that Markdown cannot express (a
/// table, the policy with its copy button, badges). A line of its own, at the start of the line,
///
///     ::: parameters
///
/// is replaced by the HTML partial `partials/parameters.html.mustache`, rendered with the page's
/// model. Text inserted from the catalog can never form such a line (``MarkdownEscaper`` escapes
/// `:` and keeps inserted text on one line), and lines inside fenced code blocks are never
/// directives.
enum MarkdownDirectives {
    /// A piece of a rendered Markdown page: Markdown for cmark, or a directive's partial name.
    enum Piece: Equatable {
        case markdown(String)
        case directive(String)
    }

    /// The page split at its directive lines, in order; empty Markdown pieces are dropped.
    static func split(_ markdown: String) -> [Piece] {
        var pieces: [Piece] = []
        var current: [Substring] = []
        func flush() {
            if current.contains(where: { !$0.allSatisfy(\.isWhitespace) }) {
                pieces.append(.markdown(current.joined(separator: "\n") + "\n"))
            }
            current.removeAll()
        }
        var fence = FenceTracker()
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if !fence.isInside, let name = directiveName(line) {
                flush()
                pieces.append(.directive(name))
            } else {
                fence.consume(line)
                current.append(line)
            }
        }
        flush()
        return pieces
    }

    /// Directive lines in a template's source, with their 1-based line numbers (for the linter).
    static func directiveLines(in source: String) -> [(name: String, line: Int)] {
        var found: [(name: String, line: Int)] = []
        var fence = FenceTracker()
        for (offset, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if !fence.isInside, let name = directiveName(line) {
                found.append((name, offset + 1))
            } else {
                fence.consume(line)
            }
        }
        return found
    }

    /// `::: name` (lowercase letters, digits and `-`; trailing spaces allowed) → `name`.
    static func directiveName(_ line: Substring) -> String? {
        guard line.hasPrefix("::: ") else { return nil }
        let name = line.dropFirst(4).trimmingTrailingSpaces()
        guard let first = name.utf8.first, isNameByte(first), first != UInt8(ascii: "-"),
              name.utf8.allSatisfy(isNameByte) else { return nil }
        return String(name)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-")
    }
}

/// Follows CommonMark fenced code blocks line by line: an opening fence is up to three spaces
/// and three or more backticks or tildes; it closes on a line of the same character, at least
/// as long, with nothing after it but spaces.
struct FenceTracker {
    private var open: (character: UInt8, length: Int)?

    var isInside: Bool { open != nil }

    mutating func consume(_ line: Substring) {
        let bytes = Array(line.utf8)
        var index = 0
        while index < bytes.count, index < 4, bytes[index] == UInt8(ascii: " ") { index += 1 }
        guard index < 4, index < bytes.count, bytes[index] == UInt8(ascii: "`") || bytes[index] == UInt8(ascii: "~") else { return }
        let character = bytes[index]
        var length = 0
        while index < bytes.count, bytes[index] == character {
            length += 1
            index += 1
        }
        guard length >= 3 else { return }
        let rest = bytes[index...]
        if let current = open {
            if character == current.character, length >= current.length, rest.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                open = nil
            }
        } else if character == UInt8(ascii: "~") || !rest.contains(UInt8(ascii: "`")) {
            open = (character, length)
        }
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result = result.dropLast() }
        return result
    }
}
