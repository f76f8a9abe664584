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

    var policyText: String
    var policyDownloadName: String
    var policySummary: String
    /// Tools a policy cannot name (a `*` in the name): left to the default deny.
    var unnamedTools: [String]
    var enforce: EnforcementGuide

    static let fields = TemplateFields<ServerPage>([
        "root": { $0.root }, "homeURL": { $0.homeURL }, "name": { $0.name }, "id": { $0.id },
        "descriptionParagraphs": { $0.descriptionParagraphs }, "repository": { present($0.repository) },
        "repositoryURL": { present($0.repositoryURL) }, "transport": { present($0.transport) },
        "toolCount": { $0.toolCount }, "catalogToolCount": { $0.catalogToolCount },
        "catalogServerCount": { $0.catalogServerCount }, "levelCounts": { $0.levelCounts },
        "categoryCounts": { $0.categoryCounts }, "tools": { $0.tools },
        "policyText": { $0.policyText }, "policyDownloadName": { $0.policyDownloadName },
        "policySummary": { $0.policySummary }, "unnamedTools": { $0.unnamedTools }, "enforce": { $0.enforce },
    ])
}
