/// How many tools have a risk level (a server's or the whole catalog's).
struct LevelCount: TemplateModel {
    var level: String
    var levelName: String
    var count: Int

    static let fields = TemplateFields<LevelCount>([
        "level": .text { $0.level }, "levelName": .text { $0.levelName }, "count": .value { $0.count },
    ])
}
