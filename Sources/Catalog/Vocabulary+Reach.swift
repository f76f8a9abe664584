/// The words that say where a tool works: out in the open world (the internet, a third-party
/// service, other people, a blockchain) or in a closed one (local files, a local database, the
/// machine it runs on, pure computation). docs/classification.md, "Open world".
extension Vocabulary {
    /// Words in a description, title or name that say the tool reaches the internet or a hosted
    /// service.
    static let remoteWords: Set<String> = [
        "internet", "web", "website", "websites", "webpage", "webpages", "online", "url", "urls", "api", "apis", "cloud",
        "hosted", "saas", "remote", "third-party", "browser", "blockchain", "onchain", "on-chain", "crypto",
        "cryptocurrency", "cryptocurrencies", "defi", "nft", "nfts", "web3", "weather", "forecast", "forecasts", "news",
        "headlines", "rss", "feed", "feeds", "stock", "stocks", "google", "youtube", "endpoint", "endpoints", "webhook",
        "webhooks", "real-time", "realtime", "up-to-date", "providers", "platform", "platforms", "account", "accounts",
    ]

    /// The subset of ``remoteWords`` that is enough on its own in a tool's own definition;
    /// the others ("real-time", "platform", "providers", "account") count only in a server description.
    static let strongRemoteWords: Set<String> = [
        "internet", "web", "website", "websites", "webpage", "webpages", "online", "url", "urls", "api", "apis", "cloud",
        "hosted", "saas", "remote", "third-party", "browser", "blockchain", "onchain", "on-chain", "crypto", "cryptocurrency",
        "cryptocurrencies", "defi", "nft", "nfts", "web3", "weather", "forecast", "forecasts", "news", "headlines", "rss",
        "feed", "feeds", "endpoint", "endpoints", "webhook", "webhooks", "youtube", "google",
    ]

    /// Words that say the tool stays on the machine or in memory.
    static let localWords: Set<String> = [
        "local", "locally", "localhost", "offline", "in-memory", "sandbox", "sandboxed", "desktop", "on-device",
        "filesystem", "clipboard", "simulator", "simulated", "simulation", "emulator", "cpu", "battery", "env", "sound", "sounds", "audible",
        "packet", "packets", "pcap", "demo", "mock", "dummy", "fake",
    ]

    /// Words that say a server works on the machine, counted against ``remoteWords`` in its description.
    static let serverLocalWords: Set<String> = localWords.union([
        "database", "databases", "memory", "files", "folders", "directories", "disk", "system", "reasoning", "thinking",
        "calculate", "calculation", "calculations", "calculator", "arithmetic", "math", "computation", "computations",
        "conversion", "conversions", "timezone", "timezones", "hypothesis", "hypotheses", "mental",
    ])

    /// Phrases in a server's description that say its tools hand out their own text.
    static let serverLocalPhrases: PhraseList = ["prompt templates", "prompt template", "preset prompts", "message prompts", "git repositories", "git repository"]

    /// Phrases that say the same as ``localWords``.
    static let localPhrases: PhraseList = [
        "on your machine", "on the local machine", "this machine", "on disk", "to disk", "file system", "in memory",
        "local file", "local files", "local disk", "local database", "your computer", "the host machine",
        "memory usage", "disk usage", "system resources", "environment variable", "environment variables",
    ]

    /// Words about reasoning or pure computation: a tool about these works on what it is given.
    static let computationWords: Set<String> = [
        "think", "thinking", "thought", "thoughts", "reasoning", "reflection", "hypothesis", "hypotheses", "mental",
        "calculator", "calculation", "calculations", "computation", "computations", "arithmetic", "math", "equation",
        "equations", "conversion", "conversions", "regex", "xpath", "jsonpath", "checksum", "uuid", "timezone", "timezones", "numbers",
    ]

    /// Phrases of pure computation.
    static let computationPhrases: PhraseList = ["time zone", "time zones", "unit conversion", "two numbers", "given text", "the input text"]

    /// Verbs of pure computation: a tool whose verb is one of these works on what it is given.
    static let computationVerbs: Set<String> = [
        "calculate", "compute", "convert", "format", "parse", "validate", "encode", "decode", "hash", "echo", "think",
        "reflect", "brainstorm", "solve", "reason", "demonstrate", "subtract", "multiply", "divide",
    ]

    /// Words naming a database engine a user runs, its query language or its tables: closed world
    /// unless the tool says otherwise (a hosted one says "cloud", "API"…).
    static let databaseWords: Set<String> = [
        "sql", "mysql", "mariadb", "postgres", "postgresql", "sqlite", "table", "tables", "redis", "mongodb", "neo4j", "cypher",
        "duckdb", "promql", "influxdb", "influxql", "elasticsearch", "opensearch",
    ]

    /// Query languages of database engines a user runs, as an input's description names them.
    static let queryLanguages = ["sql", "promql", "cypher", "influxql"]

    /// Words that suggest local data but are as often a hosted service's ("the FIPE database"):
    /// they count only when nothing else, not even the server, says where the tool works.
    static let weakLocalWords: Set<String> = [
        "database", "databases", "file", "files", "folder", "folders", "directory", "directories",
    ]

    /// Input properties that carry a URL or an address on the internet.
    static let urlProperties: Set<String> = ["url", "urls", "uri", "uris", "link", "links", "endpoint", "webhook", "href", "website", "domain", "domains"]

    /// Input properties that carry a third-party service's credential: the tool calls that service.
    static let serviceCredentialProperties: Set<[String]> = [
        ["api", "key"], ["apikey"], ["access", "token"], ["api", "token"], ["auth", "token"], ["bearer"], ["oauth", "token"],
        ["bearer", "token"], ["client", "secret"], ["access", "key"], ["secret", "key"], ["token"],
    ]

    /// Input properties that name a file or folder on the machine.
    static let pathWords: Set<String> = ["path", "paths", "file", "filename", "filepath", "directory", "dir", "folder", "filenames"]

    /// Objects that live only while a tool runs: ending or clearing one loses no one's data.
    static let ephemeralObjects: Set<String> = [
        "browser", "browsers", "tab", "tabs", "page", "pages", "window", "windows", "session", "sessions", "connection",
        "connections", "cache", "caches", "game", "games", "scan", "scans", "simulator", "simulators", "emulator", "app",
        "apps", "application", "process", "processes", "recording", "stream", "streams", "timer", "timers", "screen",
        "state", "context", "wifi", "mqtt", "socket", "sockets", "graph", "memory", "buffer", "queue",
        "thread", "dialog", "popup", "modal", "selection", "highlight", "temp", "temporary", "preview", "battle",
    ]

    /// Verbs that bring something from elsewhere: reaching out is their nature.
    static let fetchingVerbs: Set<String> = ["fetch", "download", "upload", "scrape", "crawl", "browse", "navigate", "visit", "goto", "ping", "sync"]
}

extension Vocabulary {
    /// Removal verbs that empty something rather than delete it: clearing a cache loses nothing.
    static let clearingVerbs: Set<String> = ["reset", "clear", "empty", "flush", "evict", "reinitialize"]

    /// What deleting takes nothing of value with it.
    static let disposableObjects: Set<String> = ["cache", "caches", "temp", "temporary", "buffer", "buffers", "selection", "highlight", "highlights"]

    /// Ending verbs that close a connection or a session, whatever it is to.
    static let disconnectingVerbs: Set<String> = ["close", "disconnect", "reconnect", "logout", "signout", "unload", "detach"]
}

extension Vocabulary {
    /// Words of blockchains, where a signed transaction is final.
    static let chainWords: Set<String> = [
        "blockchain", "chain", "onchain", "on-chain", "transaction", "transactions", "tx", "swap", "wallet", "token", "tokens",
        "crypto", "solana", "ethereum", "bitcoin", "defi", "smart", "contract",
    ]
}

extension Vocabulary {
    /// Things a tool draws and hands back rather than stores: making one changes nothing.
    static let renderedObjects: Set<String> = [
        "plot", "plots", "chart", "charts", "diagram", "diagrams", "visualization", "visualizations", "histogram", "heatmap",
    ]

    /// Things that are written by appending: data points, logs, events.
    static let appendedObjects: Set<String> = [
        "data", "metric", "metrics", "point", "points", "log", "logs", "event", "events", "row", "rows", "sample", "samples",
        "measurement", "measurements", "series",
    ]
}

extension Vocabulary {
    /// Verbs that put something together without sending it: building a transaction to sign.
    static let preparingVerbs: Set<String> = ["build", "prepare", "construct", "compose", "encode", "serialize"]

    /// What is prepared to be sent later by someone else: a transaction, a payload, a request.
    static let preparedObjects: Set<String> = ["transaction", "transactions", "tx", "payload", "payloads", "request", "requests", "query", "url", "urls"]

    /// Things a tool starts that live only in its own memory: a game, a session, a timer.
    static let sessionObjects: Set<String> = ["game", "games", "battle", "battles", "session", "sessions", "timer", "timers", "round", "match"]

    /// Nouns for something that reads or checks: a tool named after one reads.
    static let readingAgentNouns: Set<String> = [
        "analyzer", "analyser", "checker", "validator", "detector", "scanner", "inspector", "monitor", "viewer", "finder",
        "reader", "searcher", "translator", "converter", "calculator", "parser", "formatter", "linter", "guard",
        "classifier", "summarizer", "extractor", "lookup", "explorer", "browser", "counter", "estimator", "profiler",
    ]
}
