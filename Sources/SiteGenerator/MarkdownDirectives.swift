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
    /// The page with each directive line replaced by a placeholder paragraph that cmark passes
    /// through untouched (``placeholder(_:)``), and the directives' partial names in order — so
    /// cmark parses the page once, and ``fill(_:with:)`` puts the partials' HTML in afterwards.
    static func extract(_ markdown: String) -> (markdown: [UInt8], names: [String]) {
        var names: [String] = []
        var out: [UInt8] = []
        var text = markdown
        text.withUTF8 { bytes in
            out.reserveCapacity(bytes.count + 64)
            var fence = FenceTracker()
            forEachLine(bytes) { start, end in
                if !fence.isInside, let name = directiveName(bytes[start..<end]) {
                    out += Array("\n\(placeholder(names.count))\n\n".utf8)
                    names.append(name)
                } else {
                    fence.consume(bytes[start..<end])
                    out += UnsafeBufferPointer(rebasing: bytes[start..<end])
                    out.append(0x0A)
                }
            }
        }
        return (out, names)
    }

    /// `\u{1}directive 3\u{1}`: a paragraph no catalog text can produce, since
    /// ``MarkdownEscaper`` turns control characters into spaces.
    static func placeholder(_ index: Int) -> String {
        "\u{1}directive \(index)\u{1}"
    }

    /// cmark's HTML with each placeholder paragraph replaced by `render(index)`.
    static func fill(_ html: String, with render: (Int) -> String) -> String {
        fill(Array(html.utf8), with: render)
    }

    /// ``fill(_:with:)`` over the UTF-8 bytes of the page's HTML.
    static func fill(_ html: [UInt8], with render: (Int) -> String) -> String {
        html.withUnsafeBufferPointer { bytes -> String in
            let marker = Array("<p>\u{1}directive ".utf8)
            var out: [UInt8] = []
            var copied = 0
            var index = 0
            while let control = nextControl(in: bytes, from: index) {
                index = control + 1
                // A placeholder starts with "<p>" just before the control character.
                guard control >= 3, control - 3 + marker.count <= bytes.count,
                      bytes[(control - 3)..<(control - 3 + marker.count)].elementsEqual(marker) else { continue }
                var end = control - 3 + marker.count
                var number = 0
                var digits = 0
                while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]), digits < 9 {
                    number = number * 10 + Int(bytes[end] - UInt8(ascii: "0"))
                    end += 1
                    digits += 1
                }
                let closing = Array("\u{1}</p>\n".utf8)
                guard digits > 0, end + closing.count <= bytes.count, bytes[end..<(end + closing.count)].elementsEqual(closing) else { continue }
                if out.isEmpty { out.reserveCapacity(bytes.count + 8192) }
                out += UnsafeBufferPointer(rebasing: bytes[copied..<(control - 3)])
                out.append(contentsOf: render(number).utf8)
                copied = end + closing.count
                index = copied
            }
            guard copied > 0 else { return String(decoding: bytes, as: UTF8.self) }
            out += UnsafeBufferPointer(rebasing: bytes[copied..<bytes.count])
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static func nextControl(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        ByteSearch.firstIndex(of: 0x01, in: bytes, from: start)
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
            let end = ByteSearch.firstIndex(of: 0x0A, in: bytes, from: start) ?? bytes.count
            if end == bytes.count, start == bytes.count { break }
            body(start, end)
            start = end + 1
        }
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
