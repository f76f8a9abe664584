import JSON

/// Makes third-party text (tool names, reasons, upstream errors) safe to print on a terminal:
/// control characters — escape sequences that could rewrite the screen among them — are
/// written as visible escapes (`\x1b`), the log's rule (``UntrustedText``).
enum TerminalText {
    static func safe(_ text: String) -> String {
        UntrustedText.printable(text)
    }
}
