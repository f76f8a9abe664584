import Testing
@testable import JSON

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#" {"a": [1, -2.5e3, true, false, null, "x\n\u00e9\ud83d\ude00"], "b": {}} "#)
        #expect(value == ["a": [1, -2500.0, true, false, nil, "x\né😀"], "b": .emptyObject])
    }

    @Test func keepsMemberOrder() throws {
        let value = try JSONParser.parse(#"{"z": 1, "a": 2, "m": 3}"#)
        #expect(Array(try #require(value.objectValue).keys) == ["z", "a", "m"])
    }

    @Test func keepsIntegersApartFromDoubles() throws {
        #expect(try JSONParser.parse("30") == .int(30))
        #expect(try JSONParser.parse("30.0") == .double(30))
        #expect(try JSONParser.parse("9223372036854775808") == .double(9223372036854775808))
    }

    @Test(arguments: [
        ("", "line 1, column 1: the document is empty"),
        ("{\"a\": 1,}", "line 1, column 9: trailing comma before '}'"),
        ("[1, 2", "line 1, column 6: unterminated array: expected ',' or ']'"),
        ("{\n  \"a\": tru\n}", "line 2, column 8: expected 'true'"),
        ("{\"a\" 1}", "line 1, column 6: expected ':' after member name \"a\", found '1'"),
        ("01", "line 1, column 1: numbers must not have leading zeros"),
        ("\"a\tb\"", "line 1, column 3: control character in a string must be escaped"),
        ("\"\\x\"", "line 1, column 2: invalid escape '\\x' in string"),
        ("\"\\ud800\"", "line 1, column 8: unpaired surrogate in \\u escape"),
        ("NaN", "line 1, column 1: expected a value, found 'N'"),
        ("{} {}", "line 1, column 4: unexpected text after the end of the document"),
        ("// comment\n{}", "line 1, column 1: expected a value, found '/'"),
    ])
    func reportsWhereAndWhy(text: String, message: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func rejectsDuplicateMembersUnlessAskedNotTo() throws {
        do {
            _ = try JSONParser.parse(#"{"a": {"b": 1, "b": 2}}"#)
            Issue.record("expected an error")
        } catch {
            #expect(error.pointer?.description == "/a/b")
        }
        #expect(try JSONParser.parse(#"{"b": 1, "b": 2}"#, duplicateKeys: .lastWins) == ["b": 2])
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(bytes: [0x22, 0xFF, 0x22]) }
    }
}

@Suite struct JSONWriterTests {
    @Test func compactAndPrettyRoundTrip() throws {
        let value: JSONValue = ["name": "a\"b\\c\u{1}", "list": [1, 2.5, nil, true], "empty": [], "obj": .emptyObject]
        for style in [JSONWriter.Style.compact, .pretty] {
            #expect(try JSONParser.parse(JSONWriter(style: style).string(value)) == value)
        }
        #expect(JSONWriter().string(value) == #"{"name":"a\"b\\c\u0001","list":[1,2.5,null,true],"empty":[],"obj":{}}"#)
    }

    @Test func htmlSafeOutputCannotCloseAScriptElement() {
        let text = JSONWriter(htmlSafe: true).string(["x": "</script><script>alert(1)</script>&"])
        #expect(!text.contains("<") && !text.contains(">") && !text.contains("&"))
    }

    @Test func htmlSafeOutputEscapesLineSeparatorsAndKeepsOtherText() {
        let text = JSONWriter(htmlSafe: true).string(.string("a\u{2028}b\u{2029}c — “d” é"))
        #expect(text == #""a\u2028b\u2029c — “d” é""#)
        #expect(JSONWriter().string(.string("a\u{2028}b")) == "\"a\u{2028}b\"")
    }

    @Test func sortedKeysAreDeterministic() {
        #expect(JSONWriter(sortedKeys: true).string(["b": 1, "a": 2]) == #"{"a":2,"b":1}"#)
    }
}

@Suite struct JSONPointerTests {
    @Test func escapesAndResolves() throws {
        let pointer = JSONPointer(["tools", "a/b", "m~n", "0"])
        #expect(pointer.description == "/tools/a~1b/m~0n/0")
        #expect(JSONPointer(parsing: pointer.description) == pointer)
        let document: JSONValue = ["tools": ["a/b": ["m~n": ["x"]]]]
        #expect(document[pointer] == "x")
        #expect(JSONPointer.root.description == "/")
    }
}
