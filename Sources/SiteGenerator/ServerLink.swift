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
        "name": .text { $0.name }, "id": .text { $0.id }, "url": .text { $0.url }, "summary": .text { $0.summary },
        "toolCount": .value { $0.toolCount }, "low": .value { $0.levelCounts[0] }, "medium": .value { $0.levelCounts[1] },
        "high": .value { $0.levelCounts[2] }, "critical": .value { $0.levelCounts[3] },
    ])
}
