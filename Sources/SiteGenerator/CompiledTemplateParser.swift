/// Reads a template into ``CompiledTemplate/Node``s the way swift-mustache's parser does —
/// the same standalone-line rules (a line holding only a section, inverted-section, closing,
/// comment, partial or pragma tag and spaces leaves nothing in the output), the same text
/// around each tag — for the subset of Mustache the site's templates use: text, variables,
/// sections, inverted sections, comments, partials at the start of a line, the `empty(…)`
/// transform and the content-type pragma the generator puts on line 1. Anything else makes
/// ``parse(_:)`` return nil, and that template keeps being rendered by Mustache.
struct CompiledTemplateParser {
    typealias Node = CompiledTemplate.Node

    private let characters: [Character]
    private var position = 0

    /// `source` as Mustache sees it (the pragma included), or nil when it uses more than the subset.
    static func parse(_ source: String) -> [Node]? {
        guard !source.contains("\r") else { return nil }
        var parser = CompiledTemplateParser(characters: Array(source))
        return try? parser.parseNodes(section: nil, newLine: true)
    }

    private init(characters: [Character]) {
        self.characters = characters
    }

    private struct Unsupported: Error {}

    private var atEnd: Bool { position >= characters.count }
    private var current: Character? { atEnd ? nil : characters[position] }

    /// The nodes up to the end of the source, or to the closing tag of `section`.
    private mutating func parseNodes(section: String?, newLine startsOnNewLine: Bool) throws -> [Node] {
        var nodes: [Node] = []
        var newLine = startsOnNewLine
        var whiteSpace = ""
        func flushWhiteSpace() {
            if !whiteSpace.isEmpty { nodes.append(.text(whiteSpace)) }
            whiteSpace = ""
        }
        while !atEnd {
            if newLine { whiteSpace = read { $0 == " " || $0 == "\t" } }
            let text = readUntilTagOrNewline()
            if current == "\n" {
                nodes.append(.text(whiteSpace + text + "\n"))
                newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whiteSpace + text))
                whiteSpace = ""
                newLine = false
            }
            guard let kind = current else { break }
            var standalone = false
            switch kind {
            case "#", "^":
                position += 1
                let name = try readName()
                standalone = newLine && lineFinished()
                if !standalone { flushWhiteSpace() }
                let body = try parseNodes(section: name.source, newLine: standalone)
                nodes.append(.section(name, body, inverted: kind == "^"))
            case "/":
                position += 1
                let name = try readName()
                guard name.source == section else { throw Unsupported() }
                if !(newLine && lineFinished()) { flushWhiteSpace() }
                return nodes
            case "!":
                position += 1
                try skipComment()
                standalone = newLine && lineFinished()
            case "{", "&":
                flushWhiteSpace()
                position += 1
                let name = try readName()
                if kind == "{" { guard current == "}" else { throw Unsupported() }; position += 1 }
                nodes.append(.variable(name, escaped: false))
            case ">":
                position += 1
                let partial = try readPartialName()
                let indentation = whiteSpace
                flushWhiteSpace()
                standalone = newLine && lineFinished()
                // An indented partial indents every line it renders: left to Mustache.
                guard !standalone || indentation.isEmpty else { throw Unsupported() }
                nodes.append(.partial(partial))
            case "%":
                guard position == 2, section == nil else { throw Unsupported() }
                try skipComment()
                standalone = newLine && lineFinished()
            case "=", "$", "<":
                throw Unsupported()
            default:
                flushWhiteSpace()
                nodes.append(.variable(try readName(), escaped: true))
            }
            newLine = standalone
        }
        guard section == nil else { throw Unsupported() }
        return nodes
    }

    private mutating func read(while keep: (Character) -> Bool) -> String {
        var text = ""
        while let character = current, keep(character) {
            text.append(character)
            position += 1
        }
        return text
    }

    /// Text up to a newline (not read) or a `{{` (read).
    private mutating func readUntilTagOrNewline() -> String {
        var text = ""
        while let character = current, character != "\n" {
            if character == "{", position + 1 < characters.count, characters[position + 1] == "{" {
                position += 2
                return text
            }
            text.append(character)
            position += 1
        }
        return text
    }

    /// Whether only spaces are left on the line: if so they and the newline are read.
    private mutating func lineFinished() -> Bool {
        if atEnd { return true }
        var ahead = position
        while ahead < characters.count, characters[ahead] == " " || characters[ahead] == "\t" { ahead += 1 }
        guard ahead < characters.count, characters[ahead] == "\n" else { return false }
        position = ahead + 1
        return true
    }

    private static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*()")

    private mutating func readName() throws -> CompiledTemplate.Name {
        _ = read { $0.isWhitespace }
        let text = read { Self.nameCharacters.contains($0) }
        _ = read { $0.isWhitespace }
        try readTagEnd()
        guard let name = CompiledTemplate.Name(text) else { throw Unsupported() }
        return name
    }

    private mutating func readPartialName() throws -> String {
        _ = read { $0.isWhitespace }
        let text = read { Self.nameCharacters.contains($0) || $0 == "/" }
        _ = read { $0.isWhitespace }
        try readTagEnd()
        guard !text.isEmpty, !text.hasPrefix("*") else { throw Unsupported() }
        return text
    }

    private mutating func readTagEnd() throws {
        guard current == "}", position + 1 < characters.count, characters[position + 1] == "}" else { throw Unsupported() }
        position += 2
    }

    private mutating func skipComment() throws {
        while !atEnd {
            if current == "}", position + 1 < characters.count, characters[position + 1] == "}" {
                position += 2
                return
            }
            position += 1
        }
        throw Unsupported()
    }
}
