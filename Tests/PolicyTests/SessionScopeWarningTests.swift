import JSON
import Testing
@testable import Policy

/// `gatehouse check`: a tool whose only limits count per session is a warning (issue 12) — an
/// agent that opens a new session for each call is never limited by them.
@Suite struct SessionScopeWarningTests {
    static func warnings(_ text: String, writing: [String]? = nil) throws -> [String] {
        let document = try #require(PolicyChecker.check(text: text).document)
        return PolicyChecker.sessionScopeWarnings(for: document, writingTools: writing).map(\.pointer.description)
    }

    @Test(arguments: [
        (#"{"version":"1","tools":{"send":{"rate_limit":{"max":1,"window":60,"scope":"session"}}}}"#, nil, ["/tools/send/rate_limit"]),
        (#"{"version":"1","tools":{"send":{"limits":[{"counter":"c","window":60,"max":1,"scope":"session"}]}}}"#, nil, ["/tools/send/limits/0"]),
        (#"{"version":"1","tools":{"send":{"limits":[{"counter":"c","window":60,"max":1,"scope":"session"}]}}}"#, ["send"], ["/tools/send/limits/0"]),
        (#"{"version":"1","tools":{"send":{"limits":[{"counter":"c","window":60,"max":1,"scope":"session"}]}}}"#, ["other"], []),
        (#"{"version":"1","tools":{"Delete*":{"rate_limit":{"max":1,"window":60,"scope":"session"}}}}"#, ["DeleteOne", "List"], ["/tools/Delete*/rate_limit"]),
        (#"{"version":"1","tools":{"Delete*":{"rate_limit":{"max":1,"window":60,"scope":"session"}}}}"#, ["List"], []),
        (#"{"version":"1","default":"allow","limits":[{"counter":"a","window":60,"max":9,"scope":"session"}]}"#, nil, ["/limits/0"]),
        (#"{"version":"1","default":"allow","tools":{"w":{}},"limits":[{"counter":"a","window":60,"max":9,"scope":"session"}]}"#, ["w"], ["/limits/0"]),
    ] as [(String, [String]?, [String])])
    func warnsWhenSessionLimitsAloneGuardAToolThatMayWrite(policy: String, writing: [String]?, pointers: [String]) throws {
        #expect(try Self.warnings(policy, writing: writing) == pointers, "\(policy)")
    }

    @Test(arguments: [
        #"{"version":"1","tools":{"send":{"rate_limit":{"max":1,"window":60}}}}"#,                      // grant by default
        #"{"version":"1","tools":{"send":{"limits":[{"counter":"c","window":60,"max":1,"scope":"session"},{"counter":"d","window":60,"max":5}]}}}"#,
        #"{"version":"1","tools":{"send":{"rate_limit":{"max":1,"window":60,"scope":"session"}}},"limits":[{"counter":"all","window":60,"max":9,"scope":"global"}]}"#,
        #"{"version":"1","tools":{"send":{"action":"require_approval","rate_limit":{"max":1,"window":60,"scope":"session"}}}}"#,
        #"{"version":"1","tools":{"send":{}}}"#,
        #"{"version":"1","tools":{"send":{"hide":true}}}"#,
    ])
    func staysQuietOtherwise(policy: String) throws {
        #expect(try Self.warnings(policy) == [], "\(policy)")
    }

    @Test func leavesReadOnlyToolsAloneWhenTheCatalogKnowsThem() throws {
        let policy = #"{"version":"1","default":"allow","tools":{"list":{}},"limits":[{"counter":"a","window":60,"max":9,"scope":"session"}]}"#
        #expect(try Self.warnings(policy, writing: []) == [])
    }

    @Test func explainsTheProblemInWords() throws {
        let document = try #require(PolicyChecker.check(text: #"{"version":"1","tools":{"send":{"rate_limit":{"max":1,"window":60,"scope":"session"}}}}"#).document)
        let warning = try #require(PolicyChecker.sessionScopeWarnings(for: document, writingTools: ["send"]).first)
        #expect(warning.severity == .warning)
        #expect(warning.description == #"/tools/send/rate_limit: warning: 'send' is limited only per session, and it covers tools that write ('send'): an agent that opens a new session for each call is never limited. Use "scope": "grant" (per credential)"#)
    }

    @Test func theShorthandWithoutAScopeCountsPerGrantAndPrintsAsWritten() throws {
        let text = #"{"version":"1","tools":{"send":{"rate_limit":{"max":10,"window":60}}}}"#
        let document = try #require(PolicyChecker.check(text: text).document)
        let shorthand = try #require(document.rule(forKey: "send")?.rateLimit)
        #expect(shorthand.scope == .grant)
        #expect(shorthand.json == ["max": 10, "window": 60])
        let session = try #require(PolicyChecker.check(text: #"{"version":"1","tools":{"send":{"rate_limit":{"max":10,"window":60,"scope":"session"}}}}"#).document)
        #expect(session.rule(forKey: "send")?.rateLimit?.scope == .session)
        #expect(session.rule(forKey: "send")?.rateLimit?.json == ["max": 10, "window": 60, "scope": "session"])
    }
}
