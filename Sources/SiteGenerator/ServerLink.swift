/// A server as the home page lists it.
struct ServerLink: TemplateModel, Equatable {
    var name: String
    var id: String
    var url: String
    var summary: String
    var toolCount: Int
    var levelCounts: [Int]

    static func == (lhs: ServerLink, rhs: ServerLink) -> Bool {
        lhs.id == rhs.id && lhs.url == rhs.url && lhs.toolCount == rhs.toolCount && lhs.levelCounts == rhs.levelCounts
    }

    static let fields = TemplateFields<ServerLink>([
        "name": { $0.name }, "id": { $0.id }, "url": { $0.url }, "summary": { present($0.summary) },
        "toolCount": { $0.toolCount }, "low": { $0.levelCounts[0] }, "medium": { $0.levelCounts[1] },
        "high": { $0.levelCounts[2] }, "critical": { $0.levelCounts[3] },
    ])
}
