/// Small pieces of English for the rationale: verbs in the third person, objects with their
/// article ("gets a gist", "lists pods", "updates one connected account").
enum Phrasing {
    /// Verbs whose plain third person reads wrong: "execs", "evals".
    static let irregular: [String: String] = [
        "exec": "executes", "eval": "evaluates", "goto": "goes to", "dm": "messages", "init": "initializes",
        "ls": "lists", "rm": "removes", "mv": "moves", "cp": "copies", "signin": "signs in", "logon": "logs on",
        "login": "logs in to", "logout": "logs out of", "signout": "signs out of", "lookup": "looks up", "checkout": "checks out",
    ]

    /// "update" → "updates", "fetch" → "fetches", "query" → "queries", "exec" → "executes".
    static func thirdPerson(_ verb: String) -> String {
        if let form = irregular[verb] { return form }
        if verb.hasSuffix("y"), let beforeY = verb.dropLast().last, !"aeiou".contains(beforeY) {
            return verb.dropLast() + "ies"
        }
        if ["s", "x", "z", "o"].contains(where: verb.hasSuffix) || verb.hasSuffix("ch") || verb.hasSuffix("sh") {
            return verb + "es"
        }
        return verb + "s"
    }

    /// What the verbs act on, as a phrase: "one connected account", "a gist", "pods", or, for a
    /// command run in something (`pods_exec`), "commands in pods". Empty when nothing is named.
    static func object(_ findings: ActionFindings, facts: ToolFacts) -> String {
        let words = findings.objectWords.filter { !$0.isEmpty && !$0.allSatisfy(\.isNumber) }
        guard !words.isEmpty else { return "" }
        let text = words.joined(separator: " ")
        let nameWords = Set(facts.nameWords)
        if nameWords.contains("one") { return "one \(text)" }
        if !nameWords.isDisjoint(with: ["many", "multiple", "bulk", "batch"]) { return "many \(text)" }
        if nameWords.contains("all") { return "all \(text)" }
        let last = words[words.count - 1]
        let verbIsLast = facts.nameWords.last.map { word in findings.verbs.contains { $0.word == word } } ?? false
        if verbIsLast, findings.actions.contains(.execute) { return "commands in \(text)" }
        if isPlural(last) || Self.massNouns.contains(last) { return text }
        return (startsWithVowelSound(text) ? "an " : "a ") + text
    }

    /// Nouns that take no article: "gets information", "reads data".
    static let massNouns: Set<String> = [
        "data", "information", "info", "content", "metadata", "status", "history", "weather", "news", "feedback", "code",
        "help", "documentation", "docs", "analytics", "usage", "traffic", "time", "text", "json", "html", "markdown", "memory",
        "state", "config", "configuration", "access", "audio", "video", "media", "research", "evidence", "progress", "health",
    ]

    static func isPlural(_ word: String) -> Bool {
        word.count > 3 && word.hasSuffix("s") && !word.hasSuffix("ss") && !word.hasSuffix("us") && !word.hasSuffix("is")
    }

    private static func startsWithVowelSound(_ text: String) -> Bool {
        guard let first = text.first?.lowercased() else { return false }
        if text.hasPrefix("user") || text.hasPrefix("uni") || text.hasPrefix("use") || text.hasPrefix("one") { return false }
        if text.hasPrefix("hour") || text.hasPrefix("html") || text.hasPrefix("http") { return true }
        return "aeiou".contains(first)
    }
}
