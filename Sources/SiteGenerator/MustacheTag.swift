/// One `{{…}}` tag of a template, found by ``MustacheTag/scan(_:)`` so ``TemplateLinter`` can
/// check what it names before any page is rendered.
struct MustacheTag: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// `{{name}}`: escaped.
        case variable
        /// `{{{name}}}` or `{{&name}}`: inserted as is.
        case rawVariable
        /// `{{#name}}` or `{{^name}}`.
        case section
        /// `{{/name}}`.
        case sectionEnd
        /// `{{> name}}`, `{{< name}}` (a parent template).
        case partial
        /// `{{>* name}}`: a partial chosen at render time.
        case dynamicPartial
        /// `{{! … }}`.
        case comment
        /// `{{=<% %>=}}`.
        case setDelimiter
        /// `{{% … }}`.
        case pragma
        /// `{{$ name}}`: a block of template inheritance.
        case block
    }

    var kind: Kind
    /// The name without transforms: `first()` → `first`, `uppercased(name)` → `name`.
    var name: String
    /// 1-based.
    var line: Int
    var column: Int
    /// True when the name is wrapped in transforms (`uppercased(name)`, `first()`).
    var isTransformed = false

    /// Every tag in `text`, in order. Assumes the standard `{{ }}` delimiters (the linter
    /// rejects templates that change them).
    static func scan(_ text: String) -> [MustacheTag] {
        let bytes = Array(text.utf8)
        var tags: [MustacheTag] = []
        var line = 1
        var lineStart = 0
        var index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            let triple = index + 2 < bytes.count && bytes[index + 2] == UInt8(ascii: "{")
            let open = index + (triple ? 3 : 2)
            let closing: [UInt8] = triple ? Array("}}}".utf8) : Array("}}".utf8)
            guard let close = find(closing, in: bytes, from: open) else { break }
            let inner = String(decoding: bytes[open..<close], as: UTF8.self)
            let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).count + 1
            tags.append(tag(inner: inner, triple: triple, line: line, column: column))
            for byte in bytes[index..<close] where byte == UInt8(ascii: "\n") {
                line += 1
            }
            if let lastNewline = bytes[index..<close].lastIndex(of: UInt8(ascii: "\n")) { lineStart = lastNewline + 1 }
            index = close + closing.count
        }
        return tags
    }

    private static func tag(inner: String, triple: Bool, line: Int, column: Int) -> MustacheTag {
        let trimmed = inner.trimmingWhitespace()
        if triple { return MustacheTag(kind: .rawVariable, name: baseName(trimmed), line: line, column: column, isTransformed: trimmed.contains("(")) }
        guard let sigil = trimmed.first else { return MustacheTag(kind: .variable, name: "", line: line, column: column) }
        let rest = String(trimmed.dropFirst()).trimmingWhitespace()
        let kind: Kind
        switch sigil {
        case "#", "^": kind = .section
        case "/": kind = .sectionEnd
        case "&": kind = .rawVariable
        case ">":
            if rest.hasPrefix("*") {
                return MustacheTag(kind: .dynamicPartial, name: String(rest.dropFirst()).trimmingWhitespace(), line: line, column: column)
            }
            kind = .partial
        case "<": kind = .partial
        case "!": return MustacheTag(kind: .comment, name: "", line: line, column: column)
        case "=": return MustacheTag(kind: .setDelimiter, name: "", line: line, column: column)
        case "%": return MustacheTag(kind: .pragma, name: rest, line: line, column: column)
        case "$": kind = .block
        default: return MustacheTag(kind: .variable, name: baseName(trimmed), line: line, column: column, isTransformed: trimmed.contains("("))
        }
        return MustacheTag(
            kind: kind, name: kind == .partial || kind == .block ? rest : baseName(rest), line: line, column: column, isTransformed: rest.contains("("))
    }

    /// `uppercased(name)` → `name`; `first()` → `first`.
    private static func baseName(_ expression: String) -> String {
        var name = Substring(expression)
        while let open = name.firstIndex(of: "("), let close = name.lastIndex(of: ")"), open < close {
            let inside = name[name.index(after: open)..<close]
            if inside.isEmpty {
                name = name[..<open]
                break
            }
            name = inside
        }
        return String(name).trimmingWhitespace()
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
