/// Splits a command line the way a POSIX shell splits words, without running a shell:
/// whitespace separates words, `'…'` is literal, `"…"` allows `\"`, `\\`, `\$` and `` \` ``,
/// and a backslash outside quotes escapes the next character. No variables, globs or
/// redirections: `gatehouse import --stdio "uvx mcp-server-time --local-timezone 'Europe/Paris'"`.
public enum CommandLineWords {
    public struct SplitError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }

        public init(message: String) {
            self.message = message
        }
    }

    public static func split(_ line: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            switch character {
            case " ", "\t", "\n", "\r":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'":
                inWord = true
                guard let quoted = read(&characters, until: "'", escapes: []) else {
                    throw SplitError(message: "unterminated single quote in \(line)")
                }
                word += quoted
            case "\"":
                inWord = true
                guard let quoted = read(&characters, until: "\"", escapes: ["\"", "\\", "$", "`"]) else {
                    throw SplitError(message: "unterminated double quote in \(line)")
                }
                word += quoted
            case "\\":
                inWord = true
                guard let escaped = characters.next() else { throw SplitError(message: "a trailing backslash in \(line)") }
                word.append(escaped)
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        guard !words.isEmpty else { throw SplitError(message: "no command given") }
        return words
    }

    /// The text up to the closing `quote` (consumed), nil when there is none.
    private static func read(_ characters: inout String.Iterator, until quote: Character, escapes: Set<Character>) -> String? {
        var text = ""
        while let character = characters.next() {
            if character == quote { return text }
            if character == "\\", !escapes.isEmpty {
                guard let next = characters.next() else { return nil }
                if !escapes.contains(next) { text.append("\\") }
                text.append(next)
                continue
            }
            text.append(character)
        }
        return nil
    }
}
