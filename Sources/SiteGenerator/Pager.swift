/// A list cut into plain static pages, Hugo's pager: page 1 at the list's own folder, page N at
/// `<folder>/page/N/`, each linking to its neighbours and to every page.
struct Pager: Sendable {
    static let defaultPageSize = 100

    var base: PageLocation
    var itemCount: Int
    var pageSize: Int = Self.defaultPageSize

    /// At least one page, so an empty list still has its page.
    var pageCount: Int { max(1, (itemCount + pageSize - 1) / pageSize) }

    /// Page `number` (from 1)'s location.
    func location(_ number: Int) -> PageLocation {
        number == 1 ? base : PageLocation(base.segments + ["page", String(number)])
    }

    /// The items page `number` shows.
    func range(_ number: Int) -> Range<Int> {
        let start = (number - 1) * pageSize
        return min(start, itemCount)..<min(start + pageSize, itemCount)
    }

    /// What page `number` shows of the pager, its links relative to that page.
    func model(_ number: Int) -> PagerModel {
        let here = location(number)
        let shown = range(number)
        return PagerModel(
            pages: pageCount > 1 ? (1...pageCount).map { PagerLink(number: $0, url: here.link(to: location($0)), current: $0 == number) } : [],
            previousURL: number > 1 ? here.link(to: location(number - 1)) : "",
            nextURL: number < pageCount ? here.link(to: location(number + 1)) : "",
            first: shown.isEmpty ? 0 : shown.lowerBound + 1, last: shown.upperBound, total: itemCount)
    }
}

/// The pager as a template sees it.
struct PagerModel: TemplateModel {
    var pages: [PagerLink]
    var previousURL: String
    var nextURL: String
    var first: Int
    var last: Int
    var total: Int

    static let fields = TemplateFields<PagerModel>([
        "pages": .models { $0.pages }, "previousURL": .text { $0.previousURL }, "nextURL": .text { $0.nextURL },
        "first": .number { $0.first }, "last": .number { $0.last }, "total": .text { SiteFacts.grouped($0.total) },
        "paged": .value { !$0.pages.isEmpty },
    ])
}

/// One page's link in a pager.
struct PagerLink: TemplateModel {
    var number: Int
    var url: String
    var current: Bool

    static let fields = TemplateFields<PagerLink>([
        "number": .number { $0.number }, "url": .text { $0.url }, "current": .value { $0.current },
    ])
}
