/// The encoding of a value a 2026-07-28 request mirrors into an HTTP header (`Mcp-Name`,
/// `Mcp-Param-{Name}`; Streamable HTTP, "Value Encoding"): plain when it is visible ASCII with
/// no whitespace at its ends, else the Base64 sentinel `=?base64?{UTF-8 in Base64}?=` — which
/// also carries a plain value that looks like a sentinel. One type for both directions: the
/// gateway encodes what it sends upstream and decodes what agents send it.
public enum HeaderValue {
    static let prefix = "=?base64?"
    static let suffix = "?="

    /// `value` as a header value.
    public static func encode(_ value: String) -> String {
        isPlain(value) ? value : prefix + Base64.encode(Array(value.utf8)) + suffix
    }

    /// A header value with the sentinel decoded as UTF-8; a plain value as it is; nil for a
    /// sentinel that is not canonical Base64 of UTF-8, or a value with characters no header
    /// value may hold (control characters other than tab, non-ASCII bytes).
    public static func decode(_ header: String) -> String? {
        guard header.utf8.allSatisfy(isFieldByte) else { return nil }
        guard isSentinel(header) else { return header }
        let encoded = header.utf8.dropFirst(prefix.utf8.count).dropLast(suffix.utf8.count)
        guard let bytes = Base64.decode(Array(encoded)) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Whether `value` may go into a header as it is: RFC 9110 field-value characters (visible
    /// ASCII, space, tab), no space or tab at either end, and not the sentinel's shape.
    static func isPlain(_ value: String) -> Bool {
        let bytes = value.utf8
        let whitespace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        return bytes.allSatisfy(isFieldByte) && !(bytes.first.map(whitespace) ?? false)
            && !(bytes.last.map(whitespace) ?? false) && !isSentinel(value)
    }

    private static func isSentinel(_ value: String) -> Bool {
        value.utf8.count >= prefix.utf8.count + suffix.utf8.count && value.hasPrefix(prefix) && value.hasSuffix(suffix)
    }

    private static func isFieldByte(_ byte: UInt8) -> Bool {
        (0x20...0x7E).contains(byte) || byte == 0x09
    }
}
