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
        "levelCounts": .models { $0.levelCounts }, "servers": .models { $0.servers }, "attackPatterns": .models { $0.attackPatterns },
    ])
}
