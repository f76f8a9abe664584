import Catalog
import Foundation
import Testing
@testable import SiteGenerator

/// The sharded search index: how text becomes terms, which shard a term is in, and that every
/// tool is reachable by its name words, whole name, server and description from the shards.
@Suite struct SearchIndexTests {
    @Test(arguments: [
        ("Deletes a FILE, permanently!", ["deletes", "file", "permanently"]),
        ("**Send** an [email](https://x.example)", ["send", "email", "https", "example"]),
        ("删除文件 and 送信", ["删除文件", "送信"]),
    ])
    func textIsCutIntoLowercasedRunsOfLettersAndDigits(_ text: String, _ expected: [String]) {
        #expect(SearchTerms.text(text, dropStopWords: true) == expected)
    }

    /// ASCII text takes a byte-by-byte path; a trailing "ü" (one letter: no term) sends the same
    /// text down the general one, and both must cut it alike.
    @Test(arguments: [
        "Deletes a FILE, permanently!", "line one\r\nline TWO\rthree\n", "v2 API_KEY x-42 9z",
        "tab\tseparated\u{7F}del", String(repeating: "Ab1", count: 30) + " tail", "a b c dd ee ff gg hh",
    ])
    func asciiTextIsCutAsTheGeneralPathCutsIt(_ text: String) {
        #expect(SearchTerms.text(text) == SearchTerms.text(text + " ü"))
        #expect(SearchTerms.text(text, limit: 2, dropStopWords: true) == SearchTerms.text(text + " ü", limit: 2, dropStopWords: true))
    }

    @Test func namesGiveTheirWordsAndTheWholeName() {
        #expect(SearchTerms.nameWords("UpdateOneConnectedAccount") == ["update", "one", "connected", "account"])
        #expect(SearchTerms.wholeName("delete_file") == "deletefile")
        #expect(SearchTerms.wholeName("DeleteFile") == SearchTerms.wholeName("delete-file"))
    }

    @Test func shardKeysArePrefixFreeAndBounded() {
        #expect(SearchTerms.shardKey("delete", depth: 2) == "de")
        #expect(SearchTerms.shardKey("d", depth: 2) == "d")
        #expect(SearchTerms.shardKey("删除", depth: 2) == "_20_64")
        #expect(SearchTerms.shardKey("é", depth: 1) == "_e9")
    }

    @Test func everyToolIsFoundByItsNameServerAndDescription() throws {
        let tools = [
            tool("delete_file", server: "Files", description: "Removes a file from the disk."),
            tool("send_email", server: "Mailer", description: "Sends an email.", level: .high),
            tool("getWeather", server: "Weather", description: "Today's forecast.", level: .low),
        ]
        let index = Decoded(SearchIndex.files(tools))
        #expect(index.manifest["tools"] as? Int == 3)
        // Numbered worst first: send_email (high) is tool 0.
        #expect(index.records.map { $0[0] as? String } == ["send_email", "delete_file", "getWeather"])
        #expect(index.postings("deletefile") == [1: SearchIndex.Field.wholeName])
        #expect(index.postings("delete") == [1: SearchIndex.Field.nameWord(words: 2)])
        #expect(index.postings("mailer") == [0: SearchIndex.Field.touches])
        #expect(index.postings("forecast") == [2: SearchIndex.Field.description])
        #expect(index.postings("removes") == [1: SearchIndex.Field.description])
    }

    @Test func aShardPastTheLimitIsSplitOneCharacterDeeper() {
        let tools = (0..<6_000).map { tool("t\($0)", server: "S", description: "alpha\($0) beta\($0 % 7)") }
        let files = SearchIndex.files(tools)
        let index = Decoded(files)
        let keys = index.manifest["shards"] as? [String] ?? []
        #expect(keys.contains { $0.count > 2 })
        #expect(files.filter { $0.segments[1] == "t" }.allSatisfy { $0.bytes.count <= SearchIndex.shardLimit })
        #expect(index.postings("alpha4321").count == 1)
        #expect(index.postings("beta3").count == 857)
    }

    private func tool(_ name: String, server: String, description: String, level: RiskLevel = .medium) -> ListedTool {
        ListedTool(
            name: name, title: "", description: description, serverName: server,
            path: "servers/\(server.lowercased())/tools/\(name)/index.html", level: level, category: .read,
            sensitivity: [], openWorld: false, hasDescription: true, patterns: [])
    }
}

/// The index files read back as the search box reads them.
private struct Decoded {
    var manifest: [String: Any] = [:]
    var shards: [String: [String: [Int]]] = [:]
    var records: [[Any]] = []

    init(_ files: [(segments: [String], bytes: [UInt8])]) {
        for file in files.sorted(by: { $0.segments.joined(separator: "/").localizedStandardCompare($1.segments.joined(separator: "/")) == .orderedAscending }) {
            let text = String(decoding: file.bytes, as: UTF8.self)
            let open = text.firstIndex(of: ",")!
            let json = text[text.index(after: open)..<text.index(text.endIndex, offsetBy: -3)]
            let data = try! JSONSerialization.jsonObject(with: Data(json.utf8))
            switch file.segments[1] {
            case "index.js": manifest = data as! [String: Any]
            case "t": shards[String(file.segments[2].dropLast(3))] = data as? [String: [Int]]
            default: records += data as! [[Any]]
            }
        }
    }

    /// Tool number → field, from the shard the search box would load for `term`.
    func postings(_ term: String) -> [Int: Int] {
        let key = (1...SearchIndex.maxDepth).reversed().map { SearchTerms.shardKey(term, depth: $0) }.first { shards[$0] != nil }
        var code = 0
        var result: [Int: Int] = [:]
        for delta in key.flatMap({ shards[$0]?[term] }) ?? [] {
            code += delta
            result[code / 16] = code % 16
        }
        return result
    }
}
