import JSON
import Testing

/// Third-party text made safe to read in a log or on a terminal.
@Suite struct UntrustedTextTests {
    @Test(arguments: [
        ("plain text, é and 日本", "plain text, é and 日本"),
        ("a\u{0}b", #"a\x00b"#),
        ("\u{1B}[2J\u{1B}]0;owned\u{07}", #"\x1b[2J\x1b]0;owned\x07"#),
        ("line one\nfake line\r\tend", #"line one\nfake line\r\tend"#),
        ("del\u{7F} c1\u{85}\u{9B}", #"del\x7f c1\u{85}\u{9b}"#),
        (#"C:\Users\ada"#, #"C:\Users\ada"#),
    ])
    func escapesControlCharactersOfText(text: String, printable: String) {
        #expect(UntrustedText.printable(text) == printable)
        #expect(UntrustedText.printable(Array(text.utf8)) == printable)
    }

    @Test func escapesEveryByteThatIsNotUTF8() {
        #expect(UntrustedText.printable([0x61, 0xFF, 0x62, 0xC3, 0x28, 0xE2, 0x82]) == #"a\xffb\xc3(\xe2\x82"#)
        #expect(UntrustedText.printable([UInt8]()) == "")
    }
}
