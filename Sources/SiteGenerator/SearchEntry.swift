import JSON

/// One tool in the site's search index (`search-index.js`).
struct SearchEntry: Sendable {
    var name: String
    var server: String
    /// From the site root: `servers/x/tools/y/index.html`.
    var path: String
    var level: String
    var category: String

    /// `[name, server, path, level, category]`: arrays keep 100,000 entries small.
    var json: JSONValue {
        [.string(name), .string(server), .string(path), .string(level), .string(category)]
    }

    /// The whole index as a script that sets `window.GATEHOUSE_SEARCH` — a script rather than
    /// JSON so that the page can load it from `file://`, where browsers refuse `fetch`.
    static func script(_ entries: [SearchEntry]) -> [UInt8] {
        let writer = JSONWriter(htmlSafe: true)
        var out: [UInt8] = Array("window.GATEHOUSE_SEARCH = [\n".utf8)
        out.reserveCapacity(entries.count * 120)
        for (index, entry) in entries.enumerated() {
            out += writer.bytes(entry.json)
            out += Array((index + 1 < entries.count ? ",\n" : "\n").utf8)
        }
        out += Array("];\n".utf8)
        return out
    }
}
