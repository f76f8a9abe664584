import Testing

@testable import Upstream

/// The one encoding of mirrored header values (`Mcp-Name`, `Mcp-Param-*`): what the gateway
/// sends is what it reads back, the specification's examples hold, and what is not a header
/// value or not canonical Base64 of UTF-8 is refused.
@Suite struct HeaderValueTests {
    /// The specification's "Value Encoding" table, and the edges.
    static let roundTrips: [(value: String, header: String)] = [
        ("us-west1", "us-west1"),
        ("get_weather", "get_weather"),
        ("file:///projects/app/config.json", "file:///projects/app/config.json"),
        ("Hello, 世界", "=?base64?SGVsbG8sIOS4lueVjA==?="),
        (" padded ", "=?base64?IHBhZGRlZCA=?="),
        ("line1\nline2", "=?base64?bGluZTEKbGluZTI=?="),
        ("=?base64?literal?=", "=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?="),
        ("inner space", "inner space"),
        ("\ttab", "=?base64?CXRhYg==?="),
        ("a", "a"), ("", ""),
        ("=?base64??=", "=?base64?PT9iYXNlNjQ/Pz0=?="),
    ]

    @Test(arguments: roundTrips)
    func encodesAsTheSpecificationShowsAndDecodesBack(value: String, header: String) {
        #expect(HeaderValue.encode(value) == header)
        #expect(HeaderValue.decode(header) == value)
    }

    static let refusals: [(header: String, why: String)] = [
        ("=?base64?not base64?=", "characters outside the alphabet"),
        ("=?base64?SGVsbG8?=", "not a multiple of four"),
        ("=?base64?SGVsbG9=?=", "the last character's unused bits are set (a second spelling of \"Hello\")"),
        ("=?base64?SG=sbG8s?=", "padding inside"),
        ("=?base64?/w==?=", "not UTF-8"),
        ("caf\u{E9}", "a raw non-ASCII byte"),
        ("a\u{7}b", "a control character"),
    ]

    @Test(arguments: refusals)
    func refusesWhatIsNotAHeaderValueOrNotCanonical(header: String, why: String) {
        #expect(HeaderValue.decode(header) == nil, "\(why)")
    }
}
