/// What a tool does and how risky it is, decided from its definition alone — with the reasons.
public struct ToolClassification: Sendable, Equatable {
    public var category: ToolCategory
    public var level: RiskLevel
    /// It does not modify its environment at all (MCP's `readOnlyHint`).
    public var readOnly: Bool
    /// It may replace or remove what exists — delete, overwrite, rename, move, close, cancel,
    /// reset, run code (MCP's `destructiveHint`). Only-additive tools are not.
    public var destructive: Bool
    /// Calling it again with the same arguments has no further effect (MCP's `idempotentHint`).
    public var idempotent: Bool
    /// Our own judgement, not MCP's: its effect can be undone. Drives the risk level.
    public var reversible: Bool
    /// It reaches an open world: the internet, a third-party service, people, a blockchain
    /// (MCP's `openWorldHint`). Local files, a local database, the machine, computation: closed.
    public var openWorld: Bool
    /// What kinds of data it touches, most sensitive first.
    public var sensitivity: [Sensitivity]
    /// Two to four plain sentences: what it does, why it needs a policy.
    public var rationale: String
    /// The exact facts used, quoted from the definition.
    public var evidence: [Evidence]
    /// How clearly the definition says what the tool does, calibrated on labelled tools
    /// (docs/classification.md, "Confidence").
    public var confidence: Confidence
    /// MCP's four hints as the definition alone says them, each with why: what
    /// `suggestedAnnotations` holds, whatever the server declared.
    public var hints: MCPHints
    /// Where the server's declared hints differ from ``hints``, and why.
    public var hintDisagreements: [HintDisagreement]
    /// Signs that the definition addresses the model rather than describing the tool.
    public var poisoning: [PoisoningFinding]
    /// The language of a description written mostly in Chinese, Japanese or Korean: the tool was
    /// judged from its name, its input and any English, and the page says so.
    public var descriptionLanguage: String?
    /// The inputs a rule may guard: URL, path, credentials, recipients, amounts.
    public var arguments: ArgumentRoles
    /// How it changes credentials, keys, tokens, permissions or security settings, if it does.
    public var credentialChange: CredentialChange?
    /// What makes it destructive in MCP's sense, when it is (judged from the definition).
    public var destructiveKind: DestructiveKind?
    /// What it changes keeps a history (a repository, commits).
    public var isVersioned = false
    /// The verdict rests on vague words or none: what it does was guessed.
    public var isGuess = false
    /// Nothing said where it works, so open world is the default, not a finding.
    public var openWorldByDefault = false
    /// It sends a request to a URL it is given, and what the request does is chosen by an input
    /// (an HTTP `method`), not by the tool's own verb.
    public var isRequestTool = false
    /// It overwrites a stored prompt or instructions with text the caller supplies
    /// (``InstructionRewrite``): the input that carries the text.
    public var rewritesInstructions: Evidence?

    public init(
        category: ToolCategory, level: RiskLevel, readOnly: Bool, destructive: Bool, idempotent: Bool? = nil, reversible: Bool,
        openWorld: Bool, sensitivity: [Sensitivity], rationale: String, evidence: [Evidence],
        confidence: Confidence = .high, hints: MCPHints? = nil, hintDisagreements: [HintDisagreement] = [],
        poisoning: [PoisoningFinding] = [], descriptionLanguage: String? = nil, arguments: ArgumentRoles = ArgumentRoles(),
        credentialChange: CredentialChange? = nil
    ) {
        self.category = category
        self.level = level
        self.readOnly = readOnly
        self.destructive = destructive
        self.idempotent = idempotent ?? readOnly
        self.reversible = reversible
        self.openWorld = openWorld
        self.sensitivity = sensitivity
        self.rationale = rationale
        self.evidence = evidence
        self.confidence = confidence
        self.hints = hints ?? MCPHints(
            readOnly: HintJudgement(readOnly, because: "given"), destructive: HintJudgement(destructive, because: "given"),
            idempotent: HintJudgement(idempotent ?? readOnly, because: "given"), openWorld: HintJudgement(openWorld, because: "given"))
        self.hintDisagreements = hintDisagreements
        self.poisoning = poisoning
        self.descriptionLanguage = descriptionLanguage
        self.arguments = arguments
        self.credentialChange = credentialChange
    }

    /// MCP `annotations` for the tool, from its definition alone: the patch a server author can apply.
    public var suggestedAnnotations: ToolAnnotations { hints.annotations }
}

/// How clearly a tool's definition says what it does.
public enum Confidence: String, Sendable, Equatable, CaseIterable {
    /// A clear verb in the tool's name.
    case high
    /// A clear verb in its title, description or operations, but not its name.
    case medium
    /// Only vague words ("manage", "trigger"), or nothing: the classification is a cautious guess.
    case low
}

/// What kind of action a tool takes (docs/classification.md defines each).
public enum ToolCategory: String, Sendable, Equatable, CaseIterable, Comparable {
    /// Only reads data.
    case read
    /// Creates or changes data in a way that can be put back.
    case write
    /// Deletes or irreversibly overwrites data.
    case destructive
    /// Runs code, commands or queries chosen by the caller.
    case execute
    /// Sends messages, mail or comments to people.
    case communicate
    /// Moves money or changes what someone is billed.
    case financial
    /// Changes permissions, members, keys or settings.
    case admin

    public var displayName: String {
        switch self {
        case .read: return "Read"
        case .write: return "Write"
        case .destructive: return "Destructive"
        case .execute: return "Execute"
        case .communicate: return "Communicate"
        case .financial: return "Financial"
        case .admin: return "Admin"
        }
    }

    /// Declaration order (read first): what `<` compares.
    private var rank: Int {
        switch self {
        case .read: 0
        case .write: 1
        case .destructive: 2
        case .execute: 3
        case .communicate: 4
        case .financial: 5
        case .admin: 6
        }
    }

    public static func < (lhs: ToolCategory, rhs: ToolCategory) -> Bool {
        lhs.rank < rhs.rank
    }
}

/// How much harm a misused call can do.
public enum RiskLevel: String, Sendable, Equatable, CaseIterable, Comparable {
    case low, medium, high, critical

    public var displayName: String {
        switch self {
        case .low: "Low"
        case .medium: "Medium"
        case .high: "High"
        case .critical: "Critical"
        }
    }

    /// Declaration order (low first): what `<` compares. Sorting every list of 10^5 tools worst
    /// first compares levels millions of times; a switch, where `allCases` made an array each time.
    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool {
        lhs.rank < rhs.rank
    }
}

/// What the data a tool touches is.
public enum Sensitivity: String, Sendable, Equatable, CaseIterable {
    case credentials
    case personalData = "personal_data"
    case financial
    case infrastructure
    case sourceCode = "source_code"
    case communications
    case files

    public var displayName: String {
        switch self {
        case .credentials: return "Credentials and auth"
        case .personalData: return "Personal data"
        case .financial: return "Money"
        case .infrastructure: return "Infrastructure"
        case .sourceCode: return "Source code"
        case .communications: return "Messages"
        case .files: return "Files"
        }
    }
}

/// One fact from the definition, quoted: "input property 'refreshToken'".
public struct Evidence: Sendable, Equatable, CustomStringConvertible {
    public enum Source: String, Sendable, Equatable {
        case name, description, inputSchema = "input_schema", server, annotation
    }

    public var source: Source
    /// The sentence as shown: `tool name starts with 'UpdateOne'`.
    public var text: String

    public init(_ source: Source, _ text: String) {
        self.source = source
        self.text = text
    }

    public var description: String { text }
}
