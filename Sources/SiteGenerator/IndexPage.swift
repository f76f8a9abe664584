/// Everything the home page template (`index.md.mustache`) can show.
struct IndexPage: TemplateModel {
    var root: String
    var toolCount: String
    var serverCount: String
    var levelCounts: [LevelCount]
    var servers: [ServerLink]
    var attackPatterns: [AttackPatternLink]

    static let fields = TemplateFields<IndexPage>([
        "root": .text { $0.root }, "toolCount": .text { $0.toolCount }, "serverCount": .text { $0.serverCount },
        "levelCounts": .value { $0.levelCounts }, "servers": .value { $0.servers }, "attackPatterns": .value { $0.attackPatterns },
    ])
}
