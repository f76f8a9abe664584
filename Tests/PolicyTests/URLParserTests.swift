import Testing
@testable import Policy

/// An absolute URL's scheme, host and port, read by WHATWG rules; strings clients read
/// differently are refused.
@Suite struct URLParserTests {
    /// Parsed as `scheme host port`, e.g. `https good.com 8443` or `mailto - -`.
    typealias Case = ParseCase<URLRefusal>

    static let cases: [Case] = [
        Case("https://good.com/path", "https good.com -"),
        Case("HTTPS://GOOD.COM:8443/", "https good.com 8443"),
        Case("http://good.com:/", "http good.com -"),
        Case("http://user:pass@good.com/", "http good.com -"),
        Case("http://evil.com@good.com/", "http good.com -"),
        Case("http://good.com@evil.com/", "http evil.com -"),
        Case("http://a@b@good.com/", "http good.com -"),
        Case("http://good.com:80@evil.com/", "http evil.com -"),
        Case("http://good.com%2f@evil.com/", "http evil.com -"),
        Case("http://good.com#@evil.com", "http good.com -"),
        Case("http://good.com?@evil.com", "http good.com -"),
        Case("http://evil.com/@good.com", "http evil.com -"),
        Case("http:good.com", "http good.com -"),
        Case("http:/good.com", "http good.com -"),
        Case("http:///good.com", "http good.com -"),
        Case("  https://good.com/  ", "https good.com -"),
        Case("http://[::1]:8080/", "http [::1] 8080"),
        Case("ws://good.com/", "ws good.com -"),
        Case("mailto:someone@good.com", "mailto - -"),
        Case("file:///etc/passwd", "file - -"),
        Case("javascript:alert(1)//good.com", "javascript - -"),
        Case("good.com/path", refused: .notAbsoluteURL),
        Case("//good.com/path", refused: .notAbsoluteURL),
        Case("1http://good.com", refused: .notAbsoluteURL),
        Case("", refused: .notAbsoluteURL),
        Case("http://good.com\\@evil.com/", refused: .backslash),
        Case("http:\\\\good.com\\", refused: .backslash),
        Case("http:/\\good.com", refused: .backslash),
        Case("http://go\tod.com/", refused: .controlCharacter),
        Case("http://good.com\n.evil.com/", refused: .controlCharacter),
        Case("ht\ntp://good.com/", refused: .controlCharacter),
        Case("http://good.com/\u{0}", refused: .controlCharacter),
        Case("http://", refused: .noHost),
        Case("http://user@/", refused: .noHost),
        Case("http://:80/", refused: .noHost),
        Case("http://good.com:80:80/", refused: .invalidPort),
        Case("http://good.com:99999/", refused: .invalidPort),
        Case("http://good.com:0x50/", refused: .invalidPort),
        Case("http://[::1/", refused: .invalidHost),
        Case("http://[::1]x/", refused: .invalidHost),
        Case("http://good..com/", refused: .invalidHost),
        Case("http://good.com%00.evil.com/", refused: .invalidHost),
    ]

    @Test(arguments: cases)
    func parses(_ c: Case) {
        let actual = URLParser.parse(c.input).map { url in
            [url.scheme, url.host?.description ?? "-", url.port.map(String.init) ?? "-"].joined(separator: " ")
        }
        #expect(actual == c.expected)
    }
}
