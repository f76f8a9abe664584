import JSON

/// Small pieces of JSON text for messages the gateway writes itself.
enum JSONText {
    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        JSONWriter().string(.string(text))
    }
}
