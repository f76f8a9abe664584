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

    /// The page split at its directive lines, in order; blank Markdown pieces are dropped.
    static func split(_ markdown: String) -> [Piece] {
        var pieces: [Piece] = []
        var text = markdown
        text.withUTF8 { bytes in
            var fence = FenceTracker()
            var pieceStart = 0
            forEachLine(bytes) { start, end in
                if !fence.isInside, let name = directiveName(bytes[start..<end]) {
                    appendMarkdown(bytes[pieceStart..<start], to: &pieces)
                    pieces.append(.directive(name))
                    pieceStart = min(end + 1, bytes.count)
                } else {
                    fence.consume(bytes[start..<end])
                }
            }
            appendMarkdown(bytes[pieceStart..<bytes.count], to: &pieces)
        }
        return pieces
    }

    /// Directive lines in a template's source, with their 1-based line numbers (for the linter).
    static func directiveLines(in source: String) -> [(name: String, line: Int)] {
        var found: [(name: String, line: Int)] = []
        var text = source
        text.withUTF8 { bytes in
            var fence = FenceTracker()
            var line = 0
            forEachLine(bytes) { start, end in
                line += 1
                if !fence.isInside, let name = directiveName(bytes[start..<end]) {
                    found.append((name, line))
                } else {
                    fence.consume(bytes[start..<end])
                }
            }
        }
        return found
    }

    /// `::: name` (lowercase letters, digits and `-`; trailing spaces allowed) → `name`.
    static func directiveName(_ line: Substring) -> String? {
        var copy = String(line)
        return copy.withUTF8 { directiveName($0[...]) }
    }

    static func directiveName(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        let prefix: [UInt8] = [0x3A, 0x3A, 0x3A, 0x20]  // "::: "
        guard line.count > prefix.count, line.prefix(4).elementsEqual(prefix) else { return nil }
        var name = line.dropFirst(4)
        while let last = name.last, last == 0x20 || last == 0x09 || last == 0x0D { name = name.dropLast() }
        guard let first = name.first, first != UInt8(ascii: "-"), name.allSatisfy(isNameByte) else { return nil }
        return String(decoding: name, as: UTF8.self)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-")
    }

    /// Calls `body(start, end)` for each line (`end` excludes the newline).
    private static func forEachLine(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            if end == bytes.count, start == bytes.count { break }
            body(start, end)
            start = end + 1
        }
    }

    private static func appendMarkdown(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, to pieces: inout [Piece]) {
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }) else { return }
        var text = String(decoding: bytes, as: UTF8.self)
        if !text.hasSuffix("\n") { text += "\n" }
        pieces.append(.markdown(text))
    }
}

/// Follows CommonMark fenced code blocks line by line: an opening fence is up to three spaces
/// and three or more backticks or tildes; it closes on a line of the same character, at least
/// as long, with nothing after it but spaces.
struct FenceTracker {
    private var open: (character: UInt8, length: Int)?

    var isInside: Bool { open != nil }

    mutating func consume(_ line: Slice<UnsafeBufferPointer<UInt8>>) {
        var index = line.startIndex
        var indent = 0
        while index < line.endIndex, indent < 4, line[index] == 0x20 {
            index += 1
            indent += 1
        }
        guard indent < 4, index < line.endIndex, line[index] == UInt8(ascii: "`") || line[index] == UInt8(ascii: "~") else { return }
        let character = line[index]
        var length = 0
        while index < line.endIndex, line[index] == character {
            length += 1
            index += 1
        }
        guard length >= 3 else { return }
        let rest = line[index...]
        if let current = open {
            if character == current.character, length >= current.length, rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                open = nil
            }
        } else if character == UInt8(ascii: "~") || !rest.contains(UInt8(ascii: "`")) {
            open = (character, length)
        }
    }
}
