/// A facet value as the home page lists it: its name, how many tools have it, and its list.
struct FacetLink: TemplateModel {
    var slug: String
    var name: String
    var url: String
    var count: Int

    static let fields = TemplateFields<FacetLink>([
        "slug": .text { $0.slug }, "name": .text { $0.name }, "url": .text { $0.url }, "count": .text { SiteFacts.grouped($0.count) },
    ])
}

/// A facet and its values, for the home page.
struct FacetGroup: TemplateModel {
    var slug: String
    var name: String
    var values: [FacetLink]

    static let fields = TemplateFields<FacetGroup>([
        "slug": .text { $0.slug }, "name": .text { $0.name }, "values": .models { $0.values },
    ])
}
