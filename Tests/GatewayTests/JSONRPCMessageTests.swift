import JSON
import NIOCore
import Testing
@testable import Gateway

@Suite struct JSONRPCMessageTests {
    @Test func readsARequestWithANumericID() throws {
        let message = try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","id":7,"method":"tools/list","params":{}}"#)
        #expect(message.kind == .request)
        #expect(message.id == .number(7))
        #expect(message.method == "tools/list")
    }

    @Test func readsAStringIDAndKeepsItsJSONText() throws {
        let message = try JSONRPCMessage.parse(#"{"id":"abc-1","jsonrpc":"2.0","method":"ping"}"#)
        #expect(message.id == .string("abc-1"))
        #expect(message.id?.json == #""abc-1""#)
    }

    @Test func treatsEscapedSpellingsOfAnIDAsTheSameID() throws {
        let escaped = try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","id":"\u0061b","method":"ping"}"#)
        #expect(escaped.id == .string("ab"))
    }

    @Test func readsEscapedMemberNames() throws {
        let message = try JSONRPCMessage.parse(#"{"json\u0072pc":"2.0","\u0069d":1,"method":"ping"}"#)
        #expect(message.kind == .request)
        #expect(message.id == .number(1))
    }

    @Test func readsANotification() throws {
        let message = try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
        #expect(message.kind == .notification)
        #expect(message.id == nil)
    }

    @Test func readsResponsesAndErrors() throws {
        let response = try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","id":3,"result":{"tools":[]}}"#)
        #expect(response.kind == .response)
        #expect(response.id == .number(3))
        let error = try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}"#)
        #expect(error.kind == .errorResponse)
        #expect(error.id == nil)
    }

    @Test func readsTheProgressTokenOfARequest() throws {
        let message = try JSONRPCMessage.parse(
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"slow","arguments":{"_meta":{"progressToken":"no"}},"_meta":{"progressToken":42}}}"#)
        #expect(message.progressToken == .number(42))
        #expect(message.paramsString("name") == "slow")
    }

    @Test func readsTheTokenOfAProgressNotification() throws {
        let message = try JSONRPCMessage.parse(
            #"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t-1","progress":1}}"#)
        #expect(message.progressNotificationToken == .string("t-1"))
    }

    @Test func readsTheRequestIDOfACancellation() throws {
        let message = try JSONRPCMessage.parse(
            #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":4,"reason":"timed out"}}"#)
        #expect(message.cancelledRequestID == .number(4))
    }

    @Test func decodesParamsOnDemand() throws {
        let message = try JSONRPCMessage.parse(
            #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add","arguments":{"a":1,"b":[true,null]}}}"#)
        let params = try #require(message.decodedParams())
        #expect(params["arguments"] == ["a": 1, "b": [true, nil]])
        #expect(message.paramsText == #"{"name":"add","arguments":{"a":1,"b":[true,null]}}"#)
    }

    /// The error code `text` is refused with, or nil when it parses.
    static func refusalCode(_ text: String) -> Int? {
        do {
            _ = try JSONRPCMessage.parse(text)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func rejectsTextThatIsNotJSONAsAParseError() {
        for text in ["", "{", #"{"jsonrpc":"2.0",}"#, "{\"a\":\"\u{01}\"}", "nul", #"{"a":1} x"#, #"{"a":01}"#, #"{"a":1e999}"#] {
            #expect(Self.refusalCode(text) == -32700, "\(text)")
        }
    }

    @Test func rejectsBatchesAsInvalidRequests() {
        #expect(throws: JSONRPCParseError.batch) {
            try JSONRPCMessage.parse(#"[{"jsonrpc":"2.0","id":1,"method":"ping"}]"#)
        }
    }

    @Test func rejectsJSONThatIsNotJSONRPC() {
        let cases = [
            #""hello""#, "42", #"{"id":1,"method":"ping"}"#, #"{"jsonrpc":"1.0","id":1,"method":"ping"}"#,
            #"{"jsonrpc":"2.0","id":1}"#, #"{"jsonrpc":"2.0","id":{},"method":"ping"}"#,
            #"{"jsonrpc":"2.0","id":1,"method":7}"#, #"{"jsonrpc":"2.0","id":1,"method":"x","params":3}"#,
        ]
        for text in cases {
            #expect(Self.refusalCode(text) == -32600, "\(text)")
        }
    }

    @Test func keepsTheIDOfAnInvalidRequestForItsError() {
        #expect(throws: JSONRPCParseError.invalid(#"the message must have "jsonrpc": "2.0""#, id: .number(9))) {
            try JSONRPCMessage.parse(#"{"id":9,"method":"ping"}"#)
        }
    }

    @Test func keepsTheOriginalBytes() throws {
        let text = "{ \"jsonrpc\" : \"2.0\", \"id\" : 1 , \"method\" : \"ping\" }"
        #expect(try JSONRPCMessage.parse(text).text == text)
    }
}

/// Issue 12: the envelope reader refuses what the rules forbid (``JSONRPCEnvelopeRules``), with
/// the id to answer with where it can be read — the same reader for both directions.
@Suite struct JSONRPCMessageRefusalTests {
    /// The refusal's rule and id for `text`, or nil when it parses.
    static func refusal(_ text: String) -> (rule: String, id: RequestID?)? {
        do {
            _ = try JSONRPCMessage.parse(text)
            return nil
        } catch {
            guard case .refused(let problem, let id, _) = error else { return ("other: \(error)", nil) }
            #expect(error.code == -32600)
            return (problem.rule, id)
        }
    }

    @Test(arguments: [
        (#"{"jsonrpc":"2.0","method":"tools/call","params":{"name":"echo"}}"#, "missing_id", nil),
        (#"{"jsonrpc":"2.0","method":"resources/read","params":{"uri":"file:///x"}}"#, "missing_id", nil),
        (#"{"jsonrpc":"2.0","method":"initialize","params":{}}"#, "missing_id", nil),
        (#"{"jsonrpc":"2.0","method":"sampling/createMessage","params":{}}"#, "missing_id", nil),
        (#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"free\u0000 (harmless)"}}"#, "control_character", .number(1)),
        (#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo\u0085"}}"#, "control_character", .number(2)),
        ("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\u{85}\"}}", "control_character", .number(3)),
        (#"{"jsonrpc":"2.0","id":4,"method":"tools/call\u001b","params":{"name":"echo"}}"#, "control_character", .number(4)),
        (#"{"jsonrpc":"2.0","id":"d","method":"prompts/get","params":{"name":"greet\u007f"}}"#, "control_character", .string("d")),
        ("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\u{7F}\"}}", "control_character", .number(11)),
        (#"{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":"\u0065cho\u009b"}}"#, "control_character", .number(12)),
        (#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"free","name":"echo"}}"#, "duplicate_key", .number(5)),
        (#"{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"e","arguments":{"p":1,"\u0070":2}}}"#, "duplicate_key", .number(6)),
        (#"{"jsonrpc":"2.0","id":7,"id":8,"method":"ping"}"#, "duplicate_key", nil),
        (#"{"jsonrpc":"2.0","id":9,"result":{"a":1},"result":{}}"#, "duplicate_key", .number(9)),
        (#"{"jsonrpc":"2.0","jsonrpc":"2.0","id":10,"method":"ping"}"#, "duplicate_key", .number(10)),
    ] as [(String, String, RequestID?)])
    func refusesWithTheRuleAndTheID(text: String, rule: String, id: RequestID?) {
        let refused = Self.refusal(text)
        #expect(refused?.rule == rule, "\(text)")
        #expect(refused?.id == id, "\(text)")
    }

    @Test(arguments: [
        #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        #"{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"line\nbreak\u0000"}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"créer","arguments":{"text":"tab\there\u0000"}}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"c©\u00a0\u0065"}}"#,  // C2 lead bytes that are not C1
        #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"a","arguments":{"name":"b","x":{"name":"c"}}}}"#,
        #"{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}}"#,
    ])
    func passesWhatTheRulesAllow(text: String) {
        #expect(Self.refusal(text) == nil, "\(text)")
    }

    @Test func readsTheToolNameOfParamsNotOfItsArguments() throws {
        let message = try JSONRPCMessage.parse(#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"arguments":{"name":"x\u0000"},"name":"echo"}}"#)
        #expect(message.paramsString("name") == "echo")
    }

    @Test func refusesInvalidUTF8InANameAsAParseError() {
        for bytes: [UInt8] in [Array(#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"fr"#.utf8) + [0xFF] + Array(#"e"}}"#.utf8),
                               Array(#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\ud800"}}"#.utf8)] {
            #expect(throws: JSONRPCParseError.self) { try JSONRPCMessage.parse(ByteBuffer(bytes: bytes)) }
            #expect((try? JSONRPCMessage.parse(ByteBuffer(bytes: bytes))) == nil)
            do {
                _ = try JSONRPCMessage.parse(ByteBuffer(bytes: bytes))
            } catch {
                #expect(error.code == -32700)
            }
        }
    }
}
