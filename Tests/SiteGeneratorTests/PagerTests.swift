import Testing
@testable import SiteGenerator

/// Pagination as plain static pages: page 1 at the list's folder, page N at `page/N/`.
@Suite struct PagerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var items: Int
        var pageSize: Int
        var pages: Int
        var lastRange: Range<Int>
        var testDescription: String { "\(items) items by \(pageSize)" }
    }

    @Test(arguments: [
        Case(items: 0, pageSize: 100, pages: 1, lastRange: 0..<0),
        Case(items: 1, pageSize: 100, pages: 1, lastRange: 0..<1),
        Case(items: 100, pageSize: 100, pages: 1, lastRange: 0..<100),
        Case(items: 101, pageSize: 100, pages: 2, lastRange: 100..<101),
        Case(items: 17_380, pageSize: 100, pages: 174, lastRange: 17_300..<17_380),
    ])
    func pagesCoverEveryItemOnce(_ row: Case) {
        let pager = Pager(base: PageLocation(["tools", "risk", "high"]), itemCount: row.items, pageSize: row.pageSize)
        #expect(pager.pageCount == row.pages)
        #expect(pager.range(row.pages) == row.lastRange)
        let covered = (1...pager.pageCount).reduce(0) { $0 + pager.range($1).count }
        #expect(covered == row.items)
    }

    @Test func pageOneIsTheListsFolderAndLinksAreRelative() {
        let pager = Pager(base: PageLocation(["directory", "name"]), itemCount: 250)
        #expect(pager.location(1).segments == ["directory", "name"])
        #expect(pager.location(3).segments == ["directory", "name", "page", "3"])
        let second = pager.model(2)
        #expect(second.previousURL == "../../../../directory/name/index.html")
        #expect(second.nextURL == "../../../../directory/name/page/3/index.html")
        #expect(second.pages.map(\.current) == [false, true, false])
        #expect((second.first, second.last) == (101, 200))
        let last = pager.model(3)
        #expect(last.nextURL == "" && last.last == 250)
    }

    @Test func aListThatFitsOnOnePageShowsNoPager() {
        #expect(Pager(base: .home, itemCount: 12).model(1).pages.isEmpty)
    }
}
