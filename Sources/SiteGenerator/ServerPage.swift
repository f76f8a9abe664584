/// Everything the server page template (`server.md.mustache`) can show about one server.
struct ServerPage: TemplateModel {
    var root: String
    var homeURL: String

    var name: String
    var id: String
    var descriptionParagraphs: [String]
    var repository: String
    var repositoryURL: String
    var transport: String
    var toolCount: Int
    var catalogToolCount: String
    var catalogServerCount: String
    var levelCounts: [LevelCount]
    var categoryCounts: [Label]
    var tools: [ToolLink]
    var profile: ServerProfile

    var policyText: String
    /// `policy.json`, the file beside the page.
    var policyURL: String
    var policySummary: String
    /// Tools a policy cannot name (a `*` in the name): left to the default deny.
    var unnamedTools: [String]
    var enforce: EnforcementGuide

    static let fields = TemplateFields<ServerPage>([
        "root": .text { $0.root }, "homeURL": .text { $0.homeURL }, "name": .text { $0.name }, "id": .text { $0.id },
        "descriptionParagraphs": .texts { $0.descriptionParagraphs }, "repository": .text { $0.repository },
        "repositoryURL": .text { $0.repositoryURL }, "transport": .text { $0.transport },
        "toolCount": .number { $0.toolCount }, "catalogToolCount": .text { $0.catalogToolCount },
        "catalogServerCount": .text { $0.catalogServerCount }, "levelCounts": .models { $0.levelCounts },
        "categoryCounts": .models { $0.categoryCounts }, "tools": .models { $0.tools },
        "touches": .models { $0.profile.touches }, "annotatedToolCount": .number { $0.profile.annotatedToolCount },
        "declaresNoAnnotations": .value { $0.profile.annotatedToolCount == 0 },
        "suggestedAnnotationsMarkdown": .text { $0.profile.suggestedAnnotationsMarkdown },
        "contextBytes": .text { SiteFacts.grouped($0.profile.contextBytes) }, "contextTokens": .text { SiteFacts.grouped($0.profile.contextTokens) },
        "policyText": .text { $0.policyText }, "policyURL": .text { $0.policyURL },
        "policySummary": .text { $0.policySummary }, "unnamedTools": .texts { $0.unnamedTools }, "enforce": .model { $0.enforce },
    ])
}
