import PropertyBased
import Testing
@testable import JSON

/// The scanner must accept exactly what `JSONParser` accepts: it guards the same door.
@Suite struct JSONScannerTests {
    @Test func findsMembersAndDecodesEscapedStrings() throws {
        var text = #"{"a":{"b\u0032":"x\ny","n":[1,2]},"c":3}"#
        let found = text.withUTF8 { buffer -> String? in
            let scanner = JSONScanner(buffer)
            guard let range = scanner.memberRange(path: ["a", "b2"], startingAt: 0) else { return nil }
            return scanner.stringValue(at: range)
        }
        #expect(found == "x\ny")
    }

    static func scannerAccepts(_ text: String) -> Bool {
        scannerAccepts(Array(text.utf8))
    }

    static func scannerAccepts(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            do {
                scanner.skipWhitespace()
                try scanner.skipValue()
                try scanner.expectEnd()
                return true
            } catch {
                return false
            }
        }
    }

    static func parserAccepts(_ text: String) -> Bool {
        (try? JSONParser.parse(text, duplicateKeys: .lastWins)) != nil
    }

    static let samples = [
        #"{"a":[1,2.5,-0,1e3,1E-2,true,false,null,"x\n\u00e9\ud83d\ude00"],"b":{}}"#, "[]", "{}", "0", "-1.5e+10",
        #""\/\b\f\r\t\"\\""#, " [ 1 , { \"k\" : [ ] } ] ", "\"é\"", "12345678901234567890",
        "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "tru", "nulll", "\"\\x\"", "\"\\u12\"",
        "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "[1 2]", "{\"a\" 1}", "{a:1}", "\"\u{7}\"", "1e400",
        "-1e400", "[", "]", "\"abc", "", "   ", "{\"a\":1}}", "\u{FEFF}{}", "[\"\\u0000\"]",
    ]

    @Test(arguments: samples)
    func agreesWithTheParser(_ text: String) {
        #expect(Self.scannerAccepts(text) == Self.parserAccepts(text), "\(text.debugDescription)")
    }

    @Test func rejectsInvalidUTF8LikeTheParser() {
        let invalid: [[UInt8]] = [[0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF8, 0x22], [0x22, 0xC0, 0xAF, 0x22]]
        for bytes in invalid {
            #expect(!Self.scannerAccepts(bytes))
            #expect((try? JSONParser.parse(bytes: bytes)) == nil)
        }
    }

    @Test func rejectsNestingDeeperThanTheLimit() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(!Self.scannerAccepts(deep))
        #expect(Self.scannerAccepts(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)))
    }

    /// Mutating valid documents byte by byte: both accept or both reject.
    @Test func agreesWithTheParserOnMutatedDocuments() async {
        let base = Array(#"{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":"e\u00e9","arguments":{"n":[1.5,-2e3,true,null,"\\"]}}}"#.utf8)
        let alphabet: [UInt8] = Array(#"{}[],:"\ 0123456789.-+eEtrufalsn"#.utf8) + [0x80, 0xC3, 0xA9, 0x01]
        await propertyCheck(count: 500, input: Gen.int(in: 0...(base.count - 1)), Gen.int(in: 0...(alphabet.count - 1)), Gen.int(in: 0...2)) { position, symbol, edit in
            var bytes = base
            switch edit {
            case 0: bytes[position] = alphabet[symbol]
            case 1: bytes.insert(alphabet[symbol], at: position)
            default: bytes.remove(at: position)
            }
            let scanned = Self.scannerAccepts(bytes)
            let parsed = (try? JSONParser.parse(bytes: bytes, duplicateKeys: .lastWins)) != nil
            #expect(scanned == parsed, "\(String(decoding: bytes, as: UTF8.self))")
        }
    }
}
