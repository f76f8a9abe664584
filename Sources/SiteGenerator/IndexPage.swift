/// Everything the home page template (`index.md.mustache`) can show. It stays light at any size:
/// counts and links to the lists (``BrowsePages``), and only the first servers.
struct IndexPage: TemplateModel {
    var root: String
    var toolCount: String
    var serverCount: String
    /// Each risk level with its count and the list of its tools, worst first.
    var riskLinks: [FacetLink]
    /// Category, what tools touch, flags: each value with its count and list.
    var facets: [FacetGroup]
    /// The servers with the most critical tools, at most ``SiteFinisher/homeServerCount``.
    var servers: [ServerLink]
    var allServersShown: Bool
    var directoryURL: String
    var attackPatterns: [AttackPatternLink]

    static let fields = TemplateFields<IndexPage>([
        "root": .text { $0.root }, "toolCount": .text { $0.toolCount }, "serverCount": .text { $0.serverCount },
        "riskLinks": .models { $0.riskLinks }, "facets": .models { $0.facets }, "servers": .models { $0.servers },
        "allServersShown": .value { $0.allServersShown }, "directoryURL": .text { $0.directoryURL },
        "attackPatterns": .models { $0.attackPatterns },
    ])
}
