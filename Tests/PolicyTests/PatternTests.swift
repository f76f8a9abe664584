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

import PropertyBased

@Suite struct PatternIndexTests {
    /// The index (buckets, flat storage) must pick exactly what a plain scan in precedence order picks.
    @Test func indexAgreesWithAPlainScanInPrecedenceOrder() async throws {
        let piece = Gen.character(in: "a"..."c").string(of: 0...2)  // a tiny alphabet, so patterns often match
        let pattern = piece.array(of: 1...4).map { $0.joined(separator: "*") }
        await propertyCheck(count: 300, input: pattern.array(of: 1...12), piece.array(of: 1...4).array(of: 1...20)) { keys, names in
            let rules = Set(keys).filter { !$0.isEmpty }.compactMap { try? CompiledRule(key: $0, rule: ToolRule()) }
                .filter(\.pattern.isPattern)
            let index = PatternIndex(rules)
            let ordered = rules.sorted { $0.pattern.precedes($1.pattern) }
            for name in names.map({ $0.joined() }) {
                #expect(index.firstMatch(for: name)?.key == ordered.first { $0.pattern.matches(name) }?.key, "name \(name)")
            }
        }
    }
}
