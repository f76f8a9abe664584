/// Everything the home page template (`index.md.mustache`) can show.
struct IndexPage: TemplateModel {
    var root: String
    var toolCount: String
    var serverCount: String
    var levelCounts: [LevelCount]
    var servers: [ServerLink]
    var attackPatterns: [AttackPatternLink]

    static let fields = TemplateFields<IndexPage>([
        "root": { $0.root }, "toolCount": { $0.toolCount }, "serverCount": { $0.serverCount },
        "levelCounts": { $0.levelCounts }, "servers": { $0.servers }, "attackPatterns": { $0.attackPatterns },
    ])
}
