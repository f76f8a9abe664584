/// Whether a tool reaches an open world of external entities (MCP's `openWorldHint`): the
/// internet, a third-party service, other people, a blockchain — or works in a closed one: local
/// files, a local database, the machine, pure computation (docs/classification.md, "Open world").
///
/// The evidence is weighed in order, the first that speaks decides:
/// 1. what the tool itself does — runs code or shell commands (open), sends messages or money
///    (open), takes a URL or a service's credential (open), ends something running here (closed);
/// 2. what its own words say — "web", "API", "online" (open); "local", "in-memory" (closed);
/// 3. a file path it works on (closed);
/// 4. what its server says — its description, or most of its tools taking URLs or API keys;
/// 5. databases, reasoning, computation in its words (closed);
/// 6. otherwise open: most servers in the world wrap a hosted service.
enum OpenWorldJudge {
    static func judge(_ facts: ToolFacts, _ findings: ActionFindings, _ assessment: Assessment, server: ServerContext) -> (HintJudgement, basis: OpenWorldBasis) {
        if assessment.runsCallerCode, !assessment.runsSQL {
            if facts.description.words.contains("sandbox") || facts.description.words.contains("sandboxed") {
                return (HintJudgement(false, because: "its description says the code runs in a sandbox"), .tool)
            }
            return (HintJudgement(true, because: "code and shell commands reach whatever the machine can"), .tool)
        }
        if assessment.category == .communicate || assessment.actions.contains(.send) {
            return (HintJudgement(true, because: "what it sends reaches other people"), .tool)
        }
        if assessment.movesMoney {
            return (HintJudgement(true, because: "moving money goes through a bank, a payment service or a blockchain"), .tool)
        }
        if let url = ActionRefiner.urlProperty(facts) {
            return (HintJudgement(true, because: "it takes a URL ('\(url.name)')", evidence: Evidence(.inputSchema, "input property '\(url.name)'")), .tool)
        }
        if let credential = facts.properties.first(where: { $0.isTopLevel && Vocabulary.serviceCredentialProperties.contains($0.words) }) {
            return (HintJudgement(true, because: "it takes a service's credential ('\(credential.name)'), so it calls that service",
                                  evidence: Evidence(.inputSchema, "input property '\(credential.name)'")), .tool)
        }
        if ActionRefiner.isArithmetic(facts, findings) {
            return (HintJudgement(false, because: "it computes from the numbers it is given"), .tool)
        }
        let switchesTab = assessment.actions == [.navigate] && !Set(findings.objectWords + facts.nameWords).isDisjoint(with: ["tab", "tabs", "window", "windows"])
        if switchesTab || (EffectAssessor.endsOnlyEphemeral(findings) && assessment.actions.isSubset(of: [.end, .remove, .navigate, .transition])) {
            return (HintJudgement(false, because: "it ends or switches something running here, and reaches nothing outside"), .tool)
        }
        if let (word, quote) = ownWords(facts, Vocabulary.strongRemoteWords) ?? webAddress(facts) {
            return (HintJudgement(true, because: "its definition speaks of '\(word)'", evidence: quote), .tool)
        }
        if let (word, quote) = ownWords(facts, Vocabulary.localWords) ?? localPhrase(facts) {
            return (HintJudgement(false, because: "its definition says '\(word)'", evidence: quote), .tool)
        }
        let savesWhatItReads = assessment.actions == [.read, .create]
        if !findings.verbs.contains(where: { Vocabulary.fetchingVerbs.contains($0.word) }),
           let path = facts.properties.first(where: { isSourcePath($0, facts) }) {
            return (HintJudgement(false, because: "it works on a file or folder ('\(path.name)') on the machine it runs on",
                                  evidence: Evidence(.inputSchema, "input property '\(path.name)'")), .tool)
        }
        if let verb = findings.verbs.first(where: { Vocabulary.fetchingVerbs.contains($0.word) }) {
            return (HintJudgement(true, because: "'\(verb.word)' brings something from elsewhere"), .tool)
        }
        if let verb = findings.ownVerbs.first(where: { Vocabulary.computationVerbs.contains($0.word) }), assessment.readOnly {
            return (HintJudgement(false, because: "'\(verb.word)' computes from what it is given", evidence: findings.evidence.first), .tool)
        }
        if let (word, quote) = ownWords(facts, Vocabulary.databaseWords.union(Vocabulary.computationWords)) ?? phrase(facts, Vocabulary.computationPhrases)
            ?? queryLanguageInput(facts) {
            return (HintJudgement(false, because: "its definition speaks of '\(word)', which it works on where it runs", evidence: quote), .tool)
        }
        if let reach = server.reach {
            let because = reach.isRemote ? "its server describes a service reached over the network" : "its server describes work on the machine or in memory"
            return (HintJudgement(reach.isRemote, because: because, evidence: Evidence(.server, reach.evidence)), .server)
        }
        if server.wrapsService {
            return (HintJudgement(true, because: "most of its server's tools take a URL or a service's credential"), .server)
        }
        if !savesWhatItReads, let (word, quote) = ownWords(facts, Vocabulary.weakLocalWords) {
            return (HintJudgement(false, because: "its definition speaks of '\(word)', which it works on where it runs", evidence: quote), .weak)
        }
        return (HintJudgement(true, because: "nothing says it stays on the machine, and most servers wrap a hosted service"), .none)
    }

    /// A file or folder the tool reads or changes in place (`path`, `repoPath`, a `project` "The
    /// path of the project"), not one it only writes its result to.
    private static func isSourcePath(_ property: SchemaProperty, _ facts: ToolFacts) -> Bool {
        guard property.isTopLevel, !property.isReference, !property.isNumeric, !property.isBoolean, !isDestination(property, facts) else { return false }
        if !Set(property.words).isDisjoint(with: Vocabulary.pathWords) { return true }
        guard let description = property.description else { return false }
        return WordSearch.contains(word: "path", in: description) && !WordSearch.contains(word: "url", in: description)
    }

    /// A path the tool writes its result to (`output_path`, a `filename` "of the CSV file to
    /// save"): where the data comes from is still open.
    private static func isDestination(_ property: SchemaProperty, _ facts: ToolFacts) -> Bool {
        if !Set(property.words).isDisjoint(with: ["output", "destination", "dest", "save", "download", "export", "out"]) { return true }
        let savingWords = ["save", "saved", "write", "written", "output", "export", "download"]
        if let description = property.description {
            return savingWords.contains { WordSearch.contains(word: $0, in: description) }
        }
        // "filename: Name of the CSV file to save" in the tool's own description.
        return facts.description.sentences.contains { sentence in
            sentence.text.contains(property.name) && savingWords.contains { sentence.plainWords.contains($0) }
        }
    }

    /// The first of `words` in the tool's name, title or description, with its quote.
    private static func ownWords(_ facts: ToolFacts, _ words: Set<String>) -> (String, Evidence)? {
        let nameWords = facts.nameWords
        if let index = nameWords.firstIndex(where: words.contains), !isCredentialName(nameWords, at: index) {
            let word = nameWords[index]
            return (word, Evidence(.name, "tool name contains '\(word)'"))
        }
        if let found = facts.titleReader?.firstSentence(containingAny: words) {
            return (found.word, ActionDetector.quoteEvidence(found.sentence, isTitle: true, facts: facts))
        }
        if let found = facts.description.firstSentence(containingAny: words) {
            let sentenceWords = found.sentence.plainWords
            if let index = sentenceWords.firstIndex(of: found.word), isCredentialName(sentenceWords, at: index) { return nil }
            return (found.word, Evidence(.description, "description says '\(Quote.short(found.sentence.text))'"))
        }
        return nil
    }

    /// An input that takes a database's query language: `query` "PromQL expression to evaluate".
    private static func queryLanguageInput(_ facts: ToolFacts) -> (String, Evidence)? {
        for property in facts.properties where property.isTopLevel {
            guard let description = property.description,
                  let language = Vocabulary.queryLanguages.first(where: { WordSearch.contains(word: $0, in: description) }) else { continue }
            return (language, Evidence(.inputSchema, "input property '\(property.name)' takes \(language)"))
        }
        return nil
    }

    /// "API key", "API token": a credential, not a call to an API.
    private static func isCredentialName(_ words: [String], at index: Int) -> Bool {
        index + 1 < words.count && words[index] == "api" && ["key", "keys", "token", "tokens", "secret"].contains(words[index + 1])
    }

    /// A web address or a domain in the description: `https://…`, `Pollinations.ai`, `SearchAPI.site`.
    private static func webAddress(_ facts: ToolFacts) -> (String, Evidence)? {
        // A scheme or a domain always leaves its last part as a word of its own: most descriptions have none.
        guard facts.description.sentences.contains(where: { $0.words.contains(where: webWords.contains) }) else { return nil }
        for sentence in facts.description.sentences {
            for word in sentence.text.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" || $0 == "'" || $0 == "\"" }) {
                let token = word.trimming(".,;:!?`*")
                if token.contains("://") || isDomain(token) {
                    return (token, Evidence(.description, "description says '\(Quote.short(sentence.text))'"))
                }
            }
        }
        return nil
    }

    static let topLevelDomains: Set<String> = ["com", "org", "net", "io", "ai", "dev", "app", "co", "site", "xyz", "cloud", "tech", "so", "sh", "me", "gov", "edu", "info"]
    private static let webWords = topLevelDomains.union(["http", "https"])

    /// `name.tld`: letters before the dot, a known top-level domain after.
    private static func isDomain(_ token: String) -> Bool {
        guard let dot = token.lastIndex(of: "."), dot != token.startIndex else { return false }
        let tld = token[token.index(after: dot)...].lowercased()
        let head = token[..<dot]
        return topLevelDomains.contains(tld) && head.count >= 2 && head.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
            && head.contains(where: \.isLetter)
    }

    private static func localPhrase(_ facts: ToolFacts) -> (String, Evidence)? {
        phrase(facts, Vocabulary.localPhrases)
    }

    private static func phrase(_ facts: ToolFacts, _ list: PhraseList) -> (String, Evidence)? {
        guard let found = facts.description.firstSentence(containing: list) else { return nil }
        return (found.phrase, Evidence(.description, "description says '\(Quote.short(found.sentence.text))'"))
    }
}

/// What settled a tool's open-world hint, strongest first.
enum OpenWorldBasis: Sendable {
    /// The tool's own inputs, verbs or words.
    case tool
    /// Its server's description, or most of its sibling tools.
    case server
    /// Words as often local as not ("database", "file").
    case weak
    /// Nothing: the default.
    case none
}
