import JSON

/// What a tool's server says about all its tools: how far its annotations can be trusted, and
/// where it works — read from the server's own description and the inputs its tools share,
/// never from its identity.
///
/// A tool's definition often leaves out what its server makes plain: `get_live_temp` on a server
/// that "provides real-time weather data" calls a weather API; `show_tables` on a server that
/// "connects to MySQL databases" works on a database the user runs. A tool's own words always
/// win over its server's (docs/classification.md, "Open world").
public struct ServerContext: Sendable {
    /// Where the server says its tools work, and the words that say so.
    public struct Reach: Sendable, Equatable {
        public var isRemote: Bool
        /// Evidence, quoted: `server description says 'real-time weather data…'`.
        public var evidence: String
    }

    public var trust: AnnotationTrust
    /// From the server's description; nil when it says neither or both.
    public var reach: Reach?
    /// Whether most of the server's tools take a URL or a service credential (`api_key`,
    /// `access_token`): a server that wraps a hosted service.
    public var wrapsService: Bool
    /// The server's description talks about databases or SQL: a `query` input is SQL.
    public var talksDatabase: Bool

    /// A tool seen on its own, with every hint weighed.
    public static let standalone = ServerContext(trust: .full, reach: nil, wrapsService: false, talksDatabase: false)

    public init(trust: AnnotationTrust, reach: Reach?, wrapsService: Bool, talksDatabase: Bool) {
        self.trust = trust
        self.reach = reach
        self.wrapsService = wrapsService
        self.talksDatabase = talksDatabase
    }

    /// The context a server's own description and tools give.
    public static func of(_ server: CatalogServer) -> ServerContext {
        let description = DescriptionReader(server.description ?? "")
        let words = description.words.union(NameTokenizer.words(server.name))
        return ServerContext(
            trust: AnnotationTrust.of(server), reach: reach(description, words: words),
            wrapsService: wrapsService(server.tools), talksDatabase: !words.isDisjoint(with: ["sql", "database", "databases", "mysql", "postgres", "postgresql", "sqlite"]))
    }

    /// Remote or local, by which kind of word the description uses more (distinct words; a word
    /// ending in "api" counts as "api": "PokeAPI"); a tie says nothing. A phrase that says what
    /// the tools hand out ("prompt templates") weighs two words: it names the tools' whole job,
    /// where one remote word is often a topic ("API documentation generation").
    private static func reach(_ description: DescriptionReader, words: Set<String>) -> Reach? {
        var remote = words.intersection(Vocabulary.remoteWords)
        if words.contains(where: { $0.count > 4 && ($0.hasSuffix("api") || $0.hasSuffix("apis")) }) { remote.insert("api") }
        let local = words.intersection(Vocabulary.serverLocalWords)
        let localWeight = local.count + (description.firstSentence(containing: Vocabulary.serverLocalPhrases) == nil ? 0 : 2)
        guard remote.count != localWeight else { return nil }
        let isRemote = remote.count > localWeight
        let quoted = description.firstSentence(containingAny: isRemote ? Vocabulary.remoteWords : Vocabulary.serverLocalWords)
            ?? description.sentences.first.map { (word: "", sentence: $0) }
        let evidence = quoted.map { "server description says '\(Quote.short($0.sentence.text))'" } ?? "server name"
        return Reach(isRemote: isRemote, evidence: evidence)
    }

    /// At least half the tools (and two) take a URL or a service's credential.
    private static func wrapsService(_ tools: [CatalogTool]) -> Bool {
        var count = 0
        for tool in tools where takesServiceInput(tool) { count += 1 }
        return count >= 2 && count * 2 >= tools.count
    }

    /// A top-level property named like a URL or a service credential (a cheap look, without
    /// reading the whole schema).
    static func takesServiceInput(_ tool: CatalogTool) -> Bool {
        guard case .object(let properties)? = tool.inputSchema["properties"] else { return false }
        return properties.keys.contains { name in
            let words = NameTokenizer.words(name)
            return Vocabulary.urlProperties.contains(words.last ?? "") || Vocabulary.serviceCredentialProperties.contains(words)
        }
    }
}
