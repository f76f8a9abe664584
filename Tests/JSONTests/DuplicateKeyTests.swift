import Testing
@testable import JSON

/// ``JSONScanner`` finds a member named twice in one object while it checks the JSON — the
/// gateway refuses such messages, since parsers disagree on which of the two counts.
@Suite struct DuplicateKeyTests {
    /// The first duplicate name the scanner reports (decoded), or nil; the whole text must scan.
    static func duplicate(in text: String) -> String? {
        var copy = text
        return copy.withUTF8 { buffer -> String?? in
            var scanner = JSONScanner(buffer)
            scanner.findsDuplicateKeys = true
            do {
                scanner.skipWhitespace()
                try scanner.skipValue()
                try scanner.expectEnd()
            } catch {
                return .some(nil)
            }
            return .some(scanner.duplicateKey.map { scanner.decodeString($0) })
        } ?? nil
    }

    static let bigObject = "{" + (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")

    @Test(arguments: [
        (#"{"name":"free","name":"echo"}"#, "name"),
        (#"{"a":1,"b":2,"a":3}"#, "a"),
        (#"{"params":{"arguments":{"text":"a","text":"b"}}}"#, "text"),
        (#"[{"k":1},{"k":2,"k":3}]"#, "k"),
        (#"{"name":"x","n\u0061me":"y"}"#, "name"),            // an escaped spelling is the same name
        (#"{"\u00e9":1,"é":2}"#, "é"),
        (#"{"a":{"x":1},"b":{"y":2,"y":3}}"#, "y"),
        (#"{"a":{"a":{"a":1}},"a":2}"#, "a"),                    // the outer object's second "a"
        (#"{"x":1,"x":2,"y":1,"y":2}"#, "x"),                    // the first duplicate is reported
        (bigObject + #","k7":0}"#, "k7"),                         // past the linear limit: the set
        (bigObject + #","k\u0033\u0039":0}"#, "k39"),
        (#"{"k\u0078":1,"# + bigObject.dropFirst() + #","kx":0}"#, "kx"),  // the escaped spelling came first
    ])
    func findsADuplicateName(text: String, name: String) {
        #expect(Self.duplicate(in: text) == name, "\(text)")
    }

    @Test(arguments: [
        #"{"a":1,"b":2}"#,
        #"{"a":{"a":{"a":1}}}"#,                                   // the same name at different depths
        #"[{"k":1},{"k":2}]"#,                                     // sibling objects
        #"{"a":{"x":1},"b":{"x":2}}"#,
        #"{"e\u0301":1,"é":2}"#,                                   // canonically equal, different bytes
        #"{"A":1,"a":2}"#,
        #"{"ab":1,"a":2,"b":3}"#,
        #"{}"#, #"[]"#, #""name""#,
        bigObject + "}",
    ])
    func findsNoDuplicate(text: String) {
        #expect(Self.duplicate(in: text) == nil, "\(text)")
    }

    @Test func isOffUnlessAsked() {
        var text = #"{"a":1,"a":2}"#
        text.withUTF8 { buffer in
            var scanner = JSONScanner(buffer)
            #expect(throws: Never.self) { try scanner.skipValue() }
            #expect(scanner.duplicateKey == nil)
        }
    }

    @Test func keepsScanningPastADuplicateAndStillRejectsBadJSON() {
        #expect(Self.duplicate(in: #"{"a":1,"a":2,"b":}"#) == nil)  // not JSON: no result at all
        var text = #"{"a":1,"a":2,"id":7}"#
        let scanned = text.withUTF8 { buffer -> Int in
            var scanner = JSONScanner(buffer)
            scanner.findsDuplicateKeys = true
            try? scanner.skipValue()
            return scanner.index
        }
        #expect(scanned == text.utf8.count)
    }
}
