/// Everything a page of the server directory (`directory.md.mustache`) can show.
struct DirectoryPage: TemplateModel {
    var root: String
    var homeURL: String
    var serverCount: String
    var sortName: String
    var sorts: [DirectorySortLink]
    var servers: [ServerLink]
    var pager: PagerModel

    static let fields = TemplateFields<DirectoryPage>([
        "root": .text { $0.root }, "homeURL": .text { $0.homeURL }, "serverCount": .text { $0.serverCount },
        "sortName": .text { $0.sortName }, "sorts": .models { $0.sorts }, "servers": .models { $0.servers }, "pager": .model { $0.pager },
    ])
}

/// A link to the directory in another order.
struct DirectorySortLink: TemplateModel {
    var name: String
    var url: String
    var current: Bool

    static let fields = TemplateFields<DirectorySortLink>([
        "name": .text { $0.name }, "url": .text { $0.url }, "current": .value { $0.current },
    ])
}
