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
    var sensitivities: [Label]
    var lowConfidence: Bool

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
    var policyDownloadName: String
    var policySummary: String
    var ruleName: String
    var enforce: EnforcementGuide

    var related: [ToolLink]
    var faq: [FAQEntry]

    static let fields = TemplateFields<ToolPage>([
        "root": { $0.root }, "homeURL": { $0.homeURL }, "serverURL": { $0.serverURL },
        "name": { $0.name }, "title": { present($0.title) }, "serverName": { $0.serverName }, "serverID": { $0.serverID },
        "serverRepository": { present($0.serverRepository) }, "serverRepositoryURL": { present($0.serverRepositoryURL) },
        "serverToolCount": { $0.serverToolCount }, "catalogToolCount": { $0.catalogToolCount },
        "catalogServerCount": { $0.catalogServerCount },
        "level": { $0.level }, "levelName": { $0.levelName }, "category": { $0.category }, "categoryName": { $0.categoryName },
        "categoryMeaning": { $0.categoryMeaning }, "levelExplanation": { $0.levelExplanation },
        "readOnly": { $0.readOnly }, "destructive": { $0.destructive }, "reversible": { $0.reversible },
        "openWorld": { $0.openWorld }, "sensitivities": { $0.sensitivities }, "lowConfidence": { $0.lowConfidence },
        "descriptionParagraphs": { $0.descriptionParagraphs }, "whatItDoes": { $0.whatItDoes }, "rationale": { $0.rationale },
        "evidence": { $0.evidence }, "parameters": { $0.parameters }, "attackPatterns": { $0.attackPatterns },
        "noteHTML": { present($0.noteHTML) },
        "canBeNamedInPolicy": { $0.canBeNamedInPolicy }, "policyText": { $0.policyText },
        "policyDownloadName": { $0.policyDownloadName }, "policySummary": { $0.policySummary }, "ruleName": { $0.ruleName },
        "enforce": { $0.enforce }, "related": { $0.related }, "faq": { $0.faq },
    ])
}
