import JSON

/// schema.org data for search engines, as a complete `<script type="application/ld+json">`
/// element. The JSON escapes `<`, `>` and `&`, so no text in it can end the script.
enum StructuredData {
    /// Written directly rather than through a `JSONValue` tree: one of these is on every tool page.
    static func faqPage(_ entries: [FAQEntry]) -> String {
        let writer = JSONWriter(htmlSafe: true)
        var json = #"{"@context":"https://schema.org","@type":"FAQPage","mainEntity":["#
        for (index, entry) in entries.enumerated() {
            if index > 0 { json += "," }
            json += #"{"@type":"Question","name":"# + writer.string(.string(entry.question))
            json += #","acceptedAnswer":{"@type":"Answer","text":"# + writer.string(.string(entry.answer)) + "}}"
        }
        return "<script type=\"application/ld+json\">" + json + "]}</script>"
    }

    static func webSite(name: String, url: String) -> String {
        script(["@context": "https://schema.org", "@type": "WebSite", "name": .string(name), "url": .string(url)])
    }

    private static func script(_ value: JSONValue) -> String {
        "<script type=\"application/ld+json\">" + JSONWriter(htmlSafe: true).string(value) + "</script>"
    }
}
