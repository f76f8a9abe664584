/// Code, commands or command-line options the caller writes and the tool runs: an input named
/// `command`/`sql`/`script`, a `query` where the tool or its server talks SQL, an input that takes
/// raw command-line options, or a description that says so ("Execute any shell command").
struct CodeInput: Sendable {
    var evidence: [Evidence]
    /// The description promises the code runs where it can harm nothing ("secure sandbox").
    var isSandboxed: Bool
    /// The code is SQL: it runs in a database, not a shell.
    var isSQL: Bool
    /// Only command-line options for one program, not a shell: it reaches what that program does.
    var isOptionsOnly = false

    static func find(_ facts: ToolFacts, _ findings: ActionFindings, server: ServerContext) -> CodeInput? {
        var evidence: [Evidence] = []
        var optionsOnly = false
        if let phrase = facts.description.firstSentence(containing: Vocabulary.codePhrases) {
            evidence.append(Evidence(.description, "description says '\(Quote.short(phrase.sentence.text))'"))
        }
        let runs = findings.actions.contains(.execute) || !evidence.isEmpty
        if let property = facts.properties.first(where: { isCodeProperty($0, runs: runs, facts, server) }) {
            evidence.append(Evidence(.inputSchema, "input property '\(property.name)'"))
        } else if let options = facts.properties.first(where: isCommandLineOptions) {
            let described = options.description.map { " is described as '\(Quote.short($0))'" } ?? ""
            evidence.append(Evidence(.inputSchema, "input property '\(options.name)'\(described)"))
            optionsOnly = evidence.count == 1
        }
        guard !evidence.isEmpty else { return nil }
        let sandboxed = facts.description.firstSentence(containingAny: ["sandbox", "sandboxed"]) != nil
        let sqlWords: Set<String> = ["sql", "ddl", "query", "statement", "select", "database", "mysql", "postgres", "postgresql", "sqlite"]
        let shellWords: Set<String> = ["shell", "command", "commands", "cmd", "script", "bash", "terminal", "javascript", "python", "code"]
        let quoted = Set(evidence.flatMap { DescriptionReader.tokenize($0.text) })
        let isSQL = !quoted.isDisjoint(with: sqlWords) && quoted.isDisjoint(with: shellWords)
        return CodeInput(evidence: evidence, isSandboxed: sandboxed, isSQL: isSQL, isOptionsOnly: optionsOnly)
    }

    /// Always code: `command`, `sql`, `script`, `shell`. Code only in a tool that runs things:
    /// `code`, `query`, `expression` (elsewhere a postal code, a search, a formula).
    private static func isCodeProperty(_ property: SchemaProperty, runs: Bool, _ facts: ToolFacts, _ server: ServerContext) -> Bool {
        guard property.isTopLevel, !property.isNumeric, !property.isBoolean else { return false }
        let name = property.name.lowercased()
        if Vocabulary.codeProperties.contains(name) { return true }
        if runs, Vocabulary.runnableProperties.contains(name) { return true }
        // "code": "Python code to execute".
        if let description = property.description, ["code", "source", "snippet", "js", "javascript", "python"].contains(name) || name.hasSuffix("code"),
           ["execute", "run", "evaluate", "eval"].contains(where: { WordSearch.contains(word: $0, in: description) }) {
            return true
        }
        // A `query` is code where the tool or its server talks SQL; elsewhere it is a search string.
        guard name == "query" || name == "statement" else { return false }
        return !facts.description.words.isDisjoint(with: ["sql", "ddl"]) || (server.talksDatabase && !facts.nameWords.contains("search"))
    }

    /// `rawOptions`, `args` or `options` "Array of command-line options": the caller shapes a command.
    private static func isCommandLineOptions(_ property: SchemaProperty) -> Bool {
        guard property.isTopLevel else { return false }
        let words = property.words
        if words.first == "raw", ["options", "args", "arguments", "flags", "command"].contains(words.last ?? "") { return true }
        guard ["options", "args", "arguments", "flags", "argv"].contains(words.last ?? ""), let description = property.description else { return false }
        return WordSearch.contains(word: "command-line", in: description) || WordSearch.contains(word: "cli", in: description)
            || (WordSearch.contains(word: "command", in: description) && WordSearch.contains(word: "line", in: description))
    }
}
