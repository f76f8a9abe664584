import Testing
@testable import Upstream

/// The rules every message on the gateway's path must pass, in both directions (issue 12).
@Suite struct JSONRPCEnvelopeRulesTests {
    @Test(arguments: [
        ("tools/call", true), ("initialize", true), ("ping", true), ("resources/read", true), ("prompts/get", true),
        ("sampling/createMessage", true), ("elicitation/create", true), ("notifications", true),
        ("notifications/initialized", false), ("notifications/cancelled", false), ("notifications/tools/list_changed", false),
    ])
    func tellsRequestMethodsFromNotifications(method: String, isRequest: Bool) {
        #expect(JSONRPCEnvelopeRules.isRequestMethod(method) == isRequest)
    }

    @Test(arguments: [
        ("echo", nil), ("tools/call", nil), ("créer_fiche", nil), ("日本語", nil), ("emoji 😀", nil), ("tab-free", nil),
        ("free\u{0} (harmless)", 0x00), ("a\u{1B}[2K", 0x1B), ("line\nbreak", 0x0A), ("tab\t", 0x09),
        ("del\u{7F}", 0x7F), ("next\u{85}line", 0x85), ("csi\u{9B}", 0x9B), ("c1 end\u{9F}", 0x9F),
        ("\u{A0}nbsp", nil), ("\u{C2}\u{A9}", nil),
    ] as [(String, UInt32?)])
    func findsC0DELAndC1ControlCharacters(text: String, found: UInt32?) {
        #expect(JSONRPCEnvelopeRules.firstControlCharacter(in: text)?.value == found, "\(text.debugDescription)")
    }

    @Test(arguments: [
        ("tools/call", true, "echo", nil),
        ("tools/call", false, "echo", "missing_id"),
        ("ping", false, nil, "missing_id"),
        ("initialize", false, nil, "missing_id"),
        ("notifications/progress", false, nil, nil),
        ("notifications/message", false, "line\nbreak", nil),          // a notification's params are not names
        ("tools/call", true, "free\u{0} (harmless)", "control_character"),
        ("prompts/get", true, "greet\u{85}", "control_character"),
        ("tools/call\u{0}", true, "echo", "control_character"),
        ("notifications/x\u{1B}", false, nil, "control_character"),
    ] as [(String, Bool, String?, String?)])
    func refusesWhatTheRulesForbid(method: String, hasID: Bool, name: String?, rule: String?) {
        #expect(JSONRPCEnvelopeRules.problem(method: method, hasID: hasID, name: name)?.rule == rule)
    }

    @Test func describesAProblemWithoutRawControlCharacters() throws {
        let problem = JSONRPCEnvelopeRules.problem(method: "tools/call", hasID: true, name: "free\u{0}\u{9B}2K\u{7F}")
        let text = try #require(problem).description
        #expect(text.contains(#""params.name" "free\u0000\u009B2K\u007F" holds the control character U+0000"#), "\(text)")
        #expect(JSONRPCEnvelopeRules.firstControlCharacter(in: text) == nil)
    }
}
