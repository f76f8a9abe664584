import JSON
import Testing

@testable import Gateway

/// Which upstream notifications mean something to sessionless agents, and what of them is kept.
@Suite struct UpstreamNoticeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var message: String
        var related: String? = nil
        var notice: UpstreamNotice
        var testDescription: String { message }
    }

    static let cases: [Case] = [
        Case(message: #"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t","progress":0.5,"total":"x","why":1}}"#,
             notice: .progress(token: .string("t"), params: ["progress": 0.5])),
        Case(message: #"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":7,"progress":1,"total":3,"message":"m"}}"#,
             notice: .progress(token: .number(7), params: ["progress": 1, "total": 3, "message": "m"])),
        Case(message: #"{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t","progress":"half"}}"#,
             notice: .ignored("notifications/progress without a progressToken and a numeric progress")),
        Case(message: #"{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"error","data":{"a":1},"logger":"db","x":2}}"#,
             related: #""gatehouse-pool-1-3""#,
             notice: .log(request: .string("gatehouse-pool-1-3"), params: ["level": "error", "data": ["a": 1], "logger": "db"])),
        Case(message: #"{"jsonrpc":"2.0","method":"notifications/message","params":{"level":"loud","data":"x"}}"#,
             notice: .ignored("notifications/message without a known level and data")),
        Case(message: #"{"jsonrpc":"2.0","method":"notifications/tools/list_changed","params":{"tool":"hidden"}}"#, notice: .change(.tools)),
        Case(message: #"{"jsonrpc":"2.0","method":"notifications/prompts/list_changed"}"#, notice: .change(.prompts)),
        Case(message: #"{"jsonrpc":"2.0","method":"notifications/resources/list_changed"}"#, notice: .change(.resources)),
        Case(message: #"{"jsonrpc":"2.0","method":"notifications/resources/updated","params":{"uri":"file:///a","title":"t"}}"#,
             notice: .change(.resource("file:///a"))),
        Case(message: #"{"jsonrpc":"2.0","method":"notifications/resources/updated","params":{}}"#,
             notice: .ignored("resources/updated without a uri")),
        Case(message: #"{"jsonrpc":"2.0","method":"notifications/elicitation/complete","params":{}}"#,
             notice: .ignored("notifications/elicitation/complete is not relayed to sessionless agents")),
    ]

    @Test(arguments: cases)
    func aNoticeKeepsOnlyWhatTheSchemaDefines(_ c: Case) throws {
        #expect(UpstreamNotice(try JSONRPCMessage.parse(c.message), relatedRequestID: c.related) == c.notice)
    }

    @Test(arguments: [
        ("elicitation/create", -32021, "elicitation"), ("sampling/createMessage", -32021, "sampling"), ("roots/list", -32021, "roots"),
        ("custom/thing", -32601, nil),
    ] as [(String, Int, String?)])
    func upstreamRequestsAreRefusedPrecisely(method: String, code: Int, capability: String?) throws {
        let refusal = UpstreamRequestRefusal(method: method, server: "crm")
        let answer = try JSONParser.parse(String(buffer: refusal.answer(id: .number(1))))
        #expect(answer["error"]?["code"] == .int(Int64(code)))
        #expect(refusal.isAudited == (capability != nil))
        if let capability { #expect(answer["error"]?["data"]?["requiredCapabilities"]?[capability] == [:]) }
    }
}
