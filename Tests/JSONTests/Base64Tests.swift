import Foundation
import Testing
import JSON

/// One codec, two spellings: what each encodes to, and that only the canonical spelling decodes.
@Suite struct Base64Tests {
    /// RFC 4648 §10's test vectors, in both spellings.
    static let vectors: [(text: String, standard: String, url: String)] = [
        ("", "", ""), ("f", "Zg==", "Zg"), ("fo", "Zm8=", "Zm8"), ("foo", "Zm9v", "Zm9v"),
        ("foob", "Zm9vYg==", "Zm9vYg"), ("fooba", "Zm9vYmE=", "Zm9vYmE"), ("foobar", "Zm9vYmFy", "Zm9vYmFy"),
    ]

    @Test(arguments: vectors)
    func encodesAndDecodesTheRFCVectors(text: String, standard: String, url: String) {
        #expect(Base64.standard.encode(text.utf8) == standard)
        #expect(Base64.url.encode(text.utf8) == url)
        #expect(Base64.standard.decode(standard) == Array(text.utf8))
        #expect(Base64.url.decode(url) == Array(text.utf8))
    }

    /// Every byte value, and the two alphabets' last two digits, agree with Foundation's encoder.
    @Test func agreesWithFoundationOnEveryByte() {
        let bytes = (0...255).map(UInt8.init) + [0xFB, 0xFF, 0xFE]
        let foundation = Data(bytes).base64EncodedString()
        #expect(Base64.standard.encode(bytes) == foundation)
        #expect(Base64.url.encode(bytes) == foundation.replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: ""))
        #expect(Base64.standard.decode(foundation) == bytes)
    }

    static let refusedStandard: [(label: String, text: String)] = [
        ("unused bits set in the last digit", "Zh=="), ("unused bits set before one pad", "Zm9="),
        ("padding missing", "Zg"), ("padding inside", "Zg==Zg=="), ("three pads", "Z==="),
        ("a url-alphabet digit", "-_8="), ("a space", "Zm9v Yg=="),
    ]

    @Test(arguments: refusedStandard)
    func standardRefusesAnythingButTheCanonicalSpelling(label: String, text: String) {
        #expect(Base64.standard.decode(text) == nil, "\(label)")
    }

    static let refusedURL: [(label: String, text: String)] = [
        ("unused bits set in the last digit", "Zh"), ("padding", "Zg=="), ("a lone digit", "Zm9vY"),
        ("a standard-alphabet digit", "+/8"),
    ]

    @Test(arguments: refusedURL)
    func urlRefusesAnythingButTheCanonicalSpelling(label: String, text: String) {
        #expect(Base64.url.decode(text) == nil, "\(label)")
    }
}
