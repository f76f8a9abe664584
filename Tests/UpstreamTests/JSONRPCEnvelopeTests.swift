import JSON
import NIOCore
import Testing
import Upstream

@Suite struct JSONRPCEnvelopeTests {
    private func envelope(_ text: String) -> JSONRPCEnvelope? {
        JSONRPCEnvelope(ByteBuffer(string: text))
    }

    @Test func readsARequest() {
        let request = envelope(#"{"jsonrpc":"2.0","id":"gatehouse-3","method":"tools/call","params":{"name":"x","arguments":{"q":"}{"}}}"#)
        #expect(request?.kind == .request)
        #expect(request?.id == .string("gatehouse-3"))
        #expect(request?.idText == #""gatehouse-3""#)
        #expect(request?.method == "tools/call")
    }

    @Test func readsANotification() {
        let notification = envelope(#" { "method" : "notifications/progress" , "params": {"progress": 1.5e2}, "jsonrpc": "2.0" } "#)
        #expect(notification?.kind == .notification)
        #expect(notification?.id == nil)
        #expect(notification?.method == "notifications/progress")
    }

    @Test func readsResultAndErrorResponsesWithoutParsingTheResult() {
        let result = envelope(#"{"jsonrpc":"2.0","result":{"content":[{"type":"text","text":"a \"quoted\" ] } [ text\\"}]},"id":7}"#)
        #expect(result?.kind == .response)
        #expect(result?.id == .int(7))
        #expect(result?.isError == false)
        let error = envelope(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}"#)
        #expect(error?.kind == .response)
        #expect(error?.id == .null)
        #expect(error?.isError == true)
    }

    @Test func tellsEscapedQuotesAndBackslashesApart() {
        #expect(envelope(#"{"result":{"text":"a\\"},"id":1}"#)?.kind == .response, "an escaped backslash then the closing quote")
        #expect(envelope(#"{"result":{"text":"say \"}\" \\\"x"},"id":2}"#)?.id == 2, "escaped quotes inside")
        #expect(envelope(#"{"result":"\\\"","id":3}"#)?.id == 3)
        #expect(envelope(#"{"result":"unterminated \"}"#) == nil)
    }

    @Test func decodesAMethodWithEscapes() {
        #expect(envelope(#"{"id":1,"method":"tools\/list"}"#)?.method == "tools/list")
    }

    @Test func refusesWhatIsNotOneJSONRPCObject() {
        for text in ["", "hello", "[1]", #"{"id":1}"#, #"{"id":1,"method":"x""#, #"{"id":{"a":1},"method":"x"}"#,
                     #"{"id":1,"method":2}"#, #"{"method":"x"} trailing"#, #"{"result":{}}"#] {
            #expect(envelope(text) == nil, "\(text)")
        }
    }
}
