import Testing
@testable import Policy

/// Every spelling of one host comes out as one canonical host (WHATWG host parsing, with
/// the standard's own examples where it has them); what no client agrees on is refused.
@Suite struct URLHostTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var host: String
        /// The canonical serialisation, or nil for a refused host.
        var canonical: String?
        var testDescription: String { "\(host.debugDescription) → \(canonical ?? "refused")" }
    }

    static let domains: [Case] = [
        Case(host: "good.com", canonical: "good.com"),
        Case(host: "GOOD.Com", canonical: "good.com"),
        Case(host: "good.com.", canonical: "good.com"),
        Case(host: "good%2Ecom", canonical: "good.com"),
        Case(host: "%67ood.com", canonical: "good.com"),
        Case(host: "ｇｏｏｄ.ｃｏｍ", canonical: "good.com"),
        Case(host: "good。com", canonical: "good.com"),
        Case(host: "good．com", canonical: "good.com"),
        Case(host: "good｡com", canonical: "good.com"),
        Case(host: "under_score.example", canonical: "under_score.example"),
        Case(host: "bücher.de", canonical: "xn--bcher-kva.de"),
        Case(host: "BÜCHER.de", canonical: "xn--bcher-kva.de"),
        Case(host: "b%C3%BCcher.de", canonical: "xn--bcher-kva.de"),
        Case(host: "xn--bcher-kva.de", canonical: "xn--bcher-kva.de"),
        Case(host: "XN--BCHER-KVA.DE", canonical: "xn--bcher-kva.de"),
        Case(host: "münchen.de", canonical: "xn--mnchen-3ya.de"),
        Case(host: "例え.テスト", canonical: "xn--r8jz45g.xn--zckzah"),
        Case(host: "\u{212A}ey.com", canonical: "key.com"),  // KELVIN SIGN lowercases to k, as IDNA maps it
        Case(host: "gооd.com", canonical: "xn--gd-fmca.com"),  // Cyrillic о: another host, never good.com
        Case(host: "good..com", canonical: nil),
        Case(host: ".good.com", canonical: nil),
        Case(host: ".", canonical: nil),
        Case(host: "", canonical: nil),
        Case(host: "good com", canonical: nil),
        Case(host: "good%20com", canonical: nil),
        Case(host: "good%00.com", canonical: nil),
        Case(host: "good%2fcom", canonical: nil),
        Case(host: "good.com%40evil.com", canonical: nil),
        Case(host: "good!.com", canonical: nil),
        Case(host: "good*.com", canonical: nil),
        Case(host: "go\u{200B}od.com", canonical: nil),  // zero-width space
        Case(host: "go\u{AD}od.com", canonical: nil),  // soft hyphen: IDNA drops it; refused rather than guessed
        Case(host: "good\u{A0}.com", canonical: nil),  // no-break space
        Case(host: "good.com\u{2024}evil.com", canonical: nil),  // ONE DOT LEADER, a dot once normalised
        Case(host: "straße.de", canonical: nil),  // IDNA versions disagree about ß
        Case(host: "ﬁle.com", canonical: nil),  // a ligature IDNA would map to "fi"
        Case(host: "xn--a.com", canonical: nil),  // not valid Punycode
        Case(host: "xn--abc-.com", canonical: nil),  // Punycode for plain ASCII
        Case(host: "b%ff.com", canonical: nil),  // not UTF-8
        Case(host: String(repeating: "a", count: 64) + ".com", canonical: nil),
    ]

    static let addresses: [Case] = [
        Case(host: "127.0.0.1", canonical: "127.0.0.1"),
        Case(host: "127.0.0.1.", canonical: "127.0.0.1"),
        Case(host: "2130706433", canonical: "127.0.0.1"),
        Case(host: "0x7f.1", canonical: "127.0.0.1"),
        Case(host: "0x7F000001", canonical: "127.0.0.1"),
        Case(host: "0177.0.0.1", canonical: "127.0.0.1"),
        Case(host: "017700000001", canonical: "127.0.0.1"),
        Case(host: "127.1", canonical: "127.0.0.1"),
        Case(host: "127.0.1", canonical: "127.0.0.1"),
        Case(host: "0x7f.0.0.0x1", canonical: "127.0.0.1"),
        Case(host: "%30x7f.1", canonical: "127.0.0.1"),
        Case(host: "0x", canonical: "0.0.0.0"),
        Case(host: "192.168.0.257", canonical: nil),  // the last part fills one byte only
        Case(host: "256.0.0.1", canonical: nil),
        Case(host: "1.2.3.4.5", canonical: nil),
        Case(host: "4294967296", canonical: nil),
        Case(host: "09.0.0.1", canonical: nil),
        Case(host: "good.com.0x7f", canonical: nil),
        Case(host: "good.123", canonical: nil),
        Case(host: "1..2", canonical: nil),
        Case(host: "[::1]", canonical: "[::1]"),
        Case(host: "[0:0:0:0:0:0:0:1]", canonical: "[::1]"),
        Case(host: "[::]", canonical: "[::]"),
        Case(host: "[::ffff:127.0.0.1]", canonical: "[::ffff:7f00:1]"),
        Case(host: "[::FFFF:7F00:1]", canonical: "[::ffff:7f00:1]"),
        Case(host: "[::127.0.0.1]", canonical: "[::7f00:1]"),
        Case(host: "[2001:db8:0:0:1:0:0:1]", canonical: "[2001:db8::1:0:0:1]"),
        Case(host: "[2001:DB8:0:0:0:0:2:1]", canonical: "[2001:db8::2:1]"),
        Case(host: "[1:0::]", canonical: "[1::]"),
        Case(host: "[1:0:0:2:0:0:0:3]", canonical: "[1:0:0:2::3]"),
        Case(host: "[::1", canonical: nil),
        Case(host: "[:::1]", canonical: nil),
        Case(host: "[1::2::3]", canonical: nil),
        Case(host: "[1:2:3:4:5:6:7:8:9]", canonical: nil),
        Case(host: "[1:2:3:4:5:6:7]", canonical: nil),
        Case(host: "[fe80::1%25eth0]", canonical: nil),
        Case(host: "[::01.2.3.4]", canonical: nil),
        Case(host: "[::1.2.3.4.5]", canonical: nil),
        Case(host: "[::256.0.0.1]", canonical: nil),
        Case(host: "[12345::]", canonical: nil),
        Case(host: "[good.com]", canonical: nil),
    ]

    @Test(arguments: domains + addresses)
    func canonicalForm(_ c: Case) {
        #expect(URLHost(c.host)?.description == c.canonical)
    }

    @Test func equalSpellingsAreEqualHosts() throws {
        #expect(URLHost("0x7f.1") == URLHost("127.0.0.1"))
        #expect(URLHost("[::ffff:127.0.0.1]") != URLHost("127.0.0.1"))
        #expect(URLHost("good。com") == URLHost("GOOD.com."))
    }
}

/// Punycode against RFC 3492's own samples, both ways.
@Suite struct PunycodeTests {
    static let samples: [(unicode: String, ascii: String)] = [
        ("bücher", "bcher-kva"),
        ("münchen", "mnchen-3ya"),
        ("\u{644}\u{64A}\u{647}\u{645}\u{627}\u{628}\u{62A}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}\u{64A}\u{61F}",
         "egbpdaj6bu4bxfgehfvwxn"),
        ("\u{4ED6}\u{4EEC}\u{4E3A}\u{4EC0}\u{4E48}\u{4E0D}\u{8BF4}\u{4E2D}\u{6587}", "ihqwcrb4cv8a8dqg056pqjye"),
        ("3\u{5E74}B\u{7D44}\u{91D1}\u{516B}\u{5148}\u{751F}", "3B-ww4c5e180e575a65lsy2b"),
        ("-> $1.00 <-", "-> $1.00 <--"),
    ]

    @Test func encodesAndDecodesTheRFCSamples() {
        for sample in Self.samples {
            #expect(Punycode.encode(Array(sample.unicode.unicodeScalars)) == sample.ascii)
            #expect(Punycode.decode(Array(sample.ascii.utf8)).map { String(String.UnicodeScalarView($0)) } == sample.unicode)
        }
    }

    @Test func refusesWhatIsNotPunycode() {
        #expect(Punycode.decode(Array("99999999999999999999".utf8)) == nil)
        #expect(Punycode.decode(Array("ab-ü".utf8)) == nil)
    }
}
