import JSON

/// schema.org data for search engines, as a complete `<script type="application/ld+json">`
/// element. The JSON escapes `<`, `>` and `&`, so no text in it can end the script.
enum StructuredData {
    static func faqPage(_ entries: [FAQEntry]) -> String {
        let questions: [JSONValue] = entries.map { entry in
            ["@type": "Question", "name": .string(entry.question),
             "acceptedAnswer": ["@type": "Answer", "text": .string(entry.answer)]]
        }
        let document: JSONValue = ["@context": "https://schema.org", "@type": "FAQPage", "mainEntity": .array(questions)]
        return script(document)
    }

    static func webSite(name: String, url: String) -> String {
        script(["@context": "https://schema.org", "@type": "WebSite", "name": .string(name), "url": .string(url)])
    }

    private static func script(_ value: JSONValue) -> String {
        "<script type=\"application/ld+json\">" + JSONWriter(htmlSafe: true).string(value) + "</script>"
    }
}
