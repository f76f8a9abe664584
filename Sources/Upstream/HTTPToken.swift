/// HTTP tokens (RFC 9110 §5.6.2): what a header name must be. The one check both the
/// configuration reader and ``HTTPUpstream`` apply to the headers a configuration sends upstream.
public enum HTTPToken {
    /// Whether `text` is a non-empty run of `tchar`s: ASCII letters, digits and ``!#$%&'*+-.^_`|~``.
    public static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
