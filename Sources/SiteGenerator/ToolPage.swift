/// Everything the tool page template (`tool.md.mustache`) and its partials can show about one
/// tool. Text fields hold third-party text as is; the template's kind escapes it.
struct ToolPage: TemplateModel {
    var root: String
    var homeURL: String
    var serverURL: String

    var name: String
    var title: String
    var serverName: String
    var serverID: String
    var serverRepository: String
    var serverRepositoryURL: String
    var serverToolCount: Int
    var catalogToolCount: String
    var catalogServerCount: String

    var level: String
    var levelName: String
    var category: String
    var categoryName: String
    var categoryMeaning: String
    var levelExplanation: String
    var readOnly: Bool
    var destructive: Bool
    var reversible: Bool
    var openWorld: Bool
    /// The flags worth a badge: read-only, destructive, irreversible, open world.
    var flags: [Label]
    var sensitivities: [Label]
    var lowConfidence: Bool
    /// The definition addresses the model: the page says so first.
    var poisoned: Bool
    var poisoning: [PoisoningNotice]
    /// The "Tool poisoning and rug pulls" pattern's page.
    var poisoningPatternURL: String
    /// MCP's four hints: what the definition says, what the server declared.
    var hintRows: [HintRow]
    /// The server declares at least one hint for this tool.
    var declaresHints: Bool
    /// It declares one the definition does not bear out.
    var hintsDisagree: Bool
    /// The suggested `annotations` object as a fenced JSON block.
    var suggestedAnnotationsMarkdown: String
    /// "Chinese", "Japanese" or "Korean" when the description is mostly in that language.
    var descriptionLanguage: String
    var hasDescriptionLanguage: Bool { !descriptionLanguage.isEmpty }
    /// The host condition of the recommended rule (zero or one), for the page's questions.
    var hostGuard: [ArgumentGuardNote]
    /// The path condition of the recommended rule (zero or one).
    var pathGuard: [ArgumentGuardNote]

    var descriptionParagraphs: [String]
    var whatItDoes: String
    var rationale: String
    var evidence: [String]
    var parameters: [ParameterRow]
    var attackPatterns: [AttackPatternLink]
    var noteHTML: String

    /// False for a tool a policy cannot name (a `*` in its name): no per-tool policy is shown.
    var canBeNamedInPolicy: Bool
    var policyText: String
    /// The download link's target: the policy itself, as a `data:` URL (one file fewer per tool).
    var policyURL: String
    var policySummary: String
    var ruleName: String
    var enforce: EnforcementGuide

    var related: [ToolLink]
    var faq: [FAQEntry]

    /// Every row's `rowHTML`, in order: a parameter table without a Mustache section, so the
    /// `parameters` partial is filled in rather than rendered (see ``FillInTemplate``).
    var parameterRowsHTML: String { parameters.map(\.rowHTML).joined() }
    /// Every related tool's `itemHTML`, in order (like ``parameterRowsHTML``).
    var relatedItemsHTML: String { related.map(\.itemHTML).joined() }

    static let fields = TemplateFields<ToolPage>([
        "root": .text { $0.root }, "homeURL": .text { $0.homeURL }, "serverURL": .text { $0.serverURL },
        "name": .text { $0.name }, "title": .text { $0.title }, "serverName": .text { $0.serverName }, "serverID": .text { $0.serverID },
        "serverRepository": .text { $0.serverRepository }, "serverRepositoryURL": .text { $0.serverRepositoryURL },
        "serverToolCount": .number { $0.serverToolCount }, "catalogToolCount": .text { $0.catalogToolCount },
        "catalogServerCount": .text { $0.catalogServerCount },
        "level": .text { $0.level }, "levelName": .text { $0.levelName }, "category": .text { $0.category }, "categoryName": .text { $0.categoryName },
        "categoryMeaning": .text { $0.categoryMeaning }, "levelExplanation": .text { $0.levelExplanation },
        "readOnly": .value { $0.readOnly }, "destructive": .value { $0.destructive }, "reversible": .value { $0.reversible },
        "openWorld": .value { $0.openWorld }, "flags": .models { $0.flags }, "sensitivities": .models { $0.sensitivities }, "lowConfidence": .value { $0.lowConfidence },
        "poisoned": .value { $0.poisoned }, "poisoning": .models { $0.poisoning }, "poisoningPatternURL": .text { $0.poisoningPatternURL },
        "hintRows": .models { $0.hintRows }, "declaresHints": .value { $0.declaresHints }, "hintsDisagree": .value { $0.hintsDisagree },
        "suggestedAnnotationsMarkdown": .text { $0.suggestedAnnotationsMarkdown }, "descriptionLanguage": .text { $0.descriptionLanguage },
        "hasDescriptionLanguage": .value { $0.hasDescriptionLanguage }, "hostGuard": .models { $0.hostGuard }, "pathGuard": .models { $0.pathGuard },
        "descriptionParagraphs": .texts { $0.descriptionParagraphs }, "whatItDoes": .text { $0.whatItDoes }, "rationale": .text { $0.rationale },
        "evidence": .texts { $0.evidence }, "parameters": .models { $0.parameters }, "attackPatterns": .models { $0.attackPatterns },
        "noteHTML": .text { $0.noteHTML },
        "canBeNamedInPolicy": .value { $0.canBeNamedInPolicy }, "policyText": .text { $0.policyText },
        "policyURL": .text { $0.policyURL }, "policySummary": .text { $0.policySummary }, "ruleName": .text { $0.ruleName },
        "enforce": .model { $0.enforce }, "related": .models { $0.related }, "faq": .models { $0.faq },
        "parameterRowsHTML": .text { $0.parameterRowsHTML }, "relatedItemsHTML": .text { $0.relatedItemsHTML },
    ])
}
