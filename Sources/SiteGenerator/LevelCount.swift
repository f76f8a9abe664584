/// How many tools have a risk level (a server's or the whole catalog's).
struct LevelCount: TemplateModel {
    var level: String
    var levelName: String
    var count: Int

    static let fields = TemplateFields<LevelCount>([
        "level": { $0.level }, "levelName": { $0.levelName }, "count": { $0.count },
    ])
}
