import Testing
@testable import Policy

@Suite struct PatternTests {
    @Test(arguments: [
        ("Delete*", "DeleteOneTask", true), ("Delete*", "Delete", true), ("Delete*", "UndeleteTask", false),
        ("*", "", true), ("*", "anything", true), ("*_delete", "pods_delete", true), ("*_delete", "pods_deleted", false),
        ("a*b*c", "abc", true), ("a*b*c", "aXbYc", true), ("a*b*c", "acb", false), ("a*a", "a", false), ("a*a", "aa", true),
        ("get_*_secret", "get__secret", true), ("exact", "exact", true), ("exact", "exactly", false),
    ])
    func matchesWholeNames(pattern: String, name: String, matches: Bool) throws {
        #expect(try #require(ToolPattern(pattern)).matches(name) == matches)
    }

    @Test func precedenceIsByLiteralsThenWildcardsThenKey() throws {
        let patterns = ["*", "Delete*", "DeleteOne*", "*One*", "b*", "*b"].compactMap(ToolPattern.init)
        let sorted = patterns.sorted { $0.precedes($1) }.map(\.key)
        #expect(sorted == ["DeleteOne*", "Delete*", "*One*", "*b", "b*", "*"])
    }
}
