import Catalog
import JSON

/// The site's search index, split into shards the search box fetches on demand, so a catalog
/// of 100,000 tools costs a reader only what their query touches:
///
/// - `search/index.js`, loaded first: how many tools there are and which term shards exist;
/// - `search/t/<key>.js`: every term whose ``SearchTerms/shardKey(_:depth:)`` is `<key>`, and
///   the tools it occurs in (a shard past ``shardLimit`` bytes is split one character deeper);
/// - `search/r/<n>.js`: what a result shows for tools `n × 100 …`: name, server, page, risk
///   level and category.
///
/// Tools are numbered worst first (``ListedTool/worstFirst(_:_:)``), so equal matches list the
/// riskiest first. A term's tools are one list of `tool × 16 + field`, each the difference from
/// the one before: field 15 the whole name, 3–14 a word of the name (2 + the name's word count,
/// at most 12), 2 the title, 1 the server's name or what the tool touches, 0 the description —
/// the best per tool. Each file is a script calling `GATEHOUSE_SEARCH(path, data)`, not JSON,
/// so the site searches from `file://` too, where browsers refuse `fetch`.
struct SearchIndex {
    static let recordShardSize = 100
    static let shardLimit = 48_000
    static let maxDepth = 6

    enum Field {
        static let description = 0, touches = 1, title = 2, wholeName = 15
        static func nameWord(words: Int) -> Int { 2 + min(12, max(1, words)) }
    }

    /// The files: segments below the site root, and bytes.
    static func files(_ listed: [ListedTool]) -> [(segments: [String], bytes: [UInt8])] {
        let tools = listed.sorted(by: ListedTool.worstFirst)
        let postings = postings(tools)
        var files: [(segments: [String], bytes: [UInt8])] = []
        let shards = shard(postings.keys.sorted(), postings: postings, depth: 1)
            .map { (key: $0.key, bytes: Array("{".utf8) + $0.bytes.dropLast() + Array("}".utf8)) }
        let manifest: JSONValue = [
            "tools": .int(Int64(tools.count)), "records": .int(Int64(recordShardSize)),
            "shards": .array(shards.map { .string($0.key) }),
        ]
        files.append((["search", "index.js"], script("index", JSONWriter(htmlSafe: true).bytes(manifest))))
        for shard in shards {
            files.append((["search", "t", shard.key + ".js"], script("t/" + shard.key, shard.bytes)))
        }
        for start in stride(from: 0, to: tools.count, by: recordShardSize) {
            let records: [JSONValue] = tools[start..<min(start + recordShardSize, tools.count)].map { tool in
                [.string(tool.name), .string(tool.serverName), .string(tool.path), .string(tool.level.rawValue), .string(tool.category.rawValue)]
            }
            let number = String(start / recordShardSize)
            files.append((["search", "r", number + ".js"], script("r/" + number, JSONWriter(htmlSafe: true).bytes(.array(records)))))
        }
        return files
    }

    /// Term → tool number → best field.
    private static func postings(_ tools: [ListedTool]) -> [String: [Int: Int]] {
        var postings: [String: [Int: Int]] = [:]
        for (id, tool) in tools.enumerated() {
            func add(_ terms: [String], _ field: Int) {
                for term in terms where (postings[term]?[id] ?? -1) < field {
                    postings[term, default: [:]][id] = field
                }
            }
            let words = SearchTerms.nameWords(tool.name)
            add(words, Field.nameWord(words: words.count))
            add([SearchTerms.wholeName(tool.name)].filter { $0.unicodeScalars.count >= 2 }, Field.wholeName)
            add(SearchTerms.text(tool.title), Field.title)
            add(SearchTerms.text(tool.serverName) + tool.sensitivity.flatMap { SearchTerms.text($0.displayName, dropStopWords: true) + SearchTerms.text($0.rawValue) }, Field.touches)
            add(SearchTerms.text(tool.description, limit: SearchTerms.descriptionTermLimit, dropStopWords: true), Field.description)
        }
        return postings
    }

    /// Groups terms by their key at `depth`; a group past the limit is split deeper. Each
    /// shard's bytes are its `"term":[…],` entries, not yet an object.
    private static func shard(_ terms: [String], postings: [String: [Int: Int]], depth: Int) -> [(key: String, bytes: [UInt8])] {
        var byKey: [String: [String]] = [:]
        for term in terms { byKey[SearchTerms.shardKey(term, depth: depth), default: []].append(term) }
        let groups = byKey.sorted { $0.key < $1.key }.map { (key: $0.key, terms: $0.value) }
        var shards: [(key: String, bytes: [UInt8])] = []
        var merged: [String: [UInt8]] = [:]
        for group in groups {
            let bytes = shardBytes(group.terms, postings: postings)
            let splittable = depth < maxDepth && group.terms.contains { $0.unicodeScalars.count > depth }
            if bytes.count <= shardLimit || !splittable {
                merged[group.key, default: []] += bytes
                continue
            }
            // Terms no longer than `depth` keep this key; the others go one character deeper.
            let short = group.terms.filter { $0.unicodeScalars.count <= depth }
            if !short.isEmpty { merged[group.key, default: []] += shardBytes(short, postings: postings) }
            for deeper in shard(group.terms.filter { $0.unicodeScalars.count > depth }, postings: postings, depth: depth + 1) {
                merged[deeper.key, default: []] += deeper.bytes
            }
        }
        for (key, bytes) in merged { shards.append((key, bytes)) }
        return shards.sorted { $0.key < $1.key }
    }

    /// `"term":[deltas],` for each term (the caller drops the last comma and adds the braces).
    private static func shardBytes(_ terms: [String], postings: [String: [Int: Int]]) -> [UInt8] {
        let writer = JSONWriter(htmlSafe: true)
        var out: [UInt8] = []
        for term in terms {
            out += writer.bytes(.string(term))
            out += Array(":[".utf8)
            var previous = 0
            let codes = postings[term]!.map { $0.key * 16 + $0.value }.sorted()
            for (index, code) in codes.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out += Array(String(code - previous).utf8)
                previous = code
            }
            out += Array("],".utf8)
        }
        return out
    }

    private static func script(_ path: String, _ data: [UInt8]) -> [UInt8] {
        Array("GATEHOUSE_SEARCH(\"\(path)\",".utf8) + data + Array(");\n".utf8)
    }
}
