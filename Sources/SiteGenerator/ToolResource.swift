import Catalog

/// What a tool acts on, read from its name, so related tools can start with the ones on the same
/// resource: `UpdateOneConnectedAccount`, `FindManyConnectedAccounts` and
/// `DeleteOneConnectedAccount` are all about "connected account". The name's words without the
/// leading words every tool of the server shares (`github_…`), without the first remaining word
/// (the verb, in the usual verb-object name), without quantifiers, the last word singular.
enum ToolResource {
    private static let quantifiers: Set<String> = ["one", "many", "all", "multiple", "bulk", "batch", "by", "id", "ids", "a", "an", "the", "new"]

    /// Each tool's resource key, or nil when its name says none (a single word).
    static func keys(_ names: [String]) -> [String?] {
        let words = names.map { NameTokenizer.words($0) }
        let shared = sharedPrefix(words)
        return words.map { all in
            let rest = all.dropFirst(shared)
            guard rest.count >= 2 else { return nil }
            var object = rest.dropFirst().filter { !quantifiers.contains($0) }
            guard let last = object.last else { return nil }
            object[object.count - 1] = singular(last)
            return object.joined(separator: " ")
        }
    }

    /// How many leading words all the names share (a server's prefix), when there are several names.
    private static func sharedPrefix(_ words: [[String]]) -> Int {
        guard words.count >= 3, let first = words.first else { return 0 }
        var count = 0
        while count < first.count - 1, words.allSatisfy({ $0.count > count + 1 && $0[count] == first[count] }) { count += 1 }
        return count
    }

    private static func singular(_ word: String) -> String {
        if word.hasSuffix("ies"), word.count > 4 { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("s"), !word.hasSuffix("ss"), word.count > 3 { return String(word.dropLast()) }
        return word
    }
}
