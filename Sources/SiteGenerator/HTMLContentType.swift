import Mustache

/// The Mustache content type of HTML templates: escapes with ``MarkupEscaper``, which matches
/// Mustache's own HTML type byte for byte but works over UTF-8 bytes.
struct HTMLContentType: MustacheContentType {
    static let pragmaName = "GATEHOUSE_HTML"

    func escapeText(_ text: String) -> String {
        MarkupEscaper.escape(text)
    }

    static func register() {
        MustacheContentTypes.register(HTMLContentType(), named: pragmaName)
    }
}
