import Foundation
import JSON
import NIOCore
import Policy
import Testing
@testable import Gateway

@Suite struct GatewayMessagesTests {
    @Test func writesErrorsWithTheRequestID() throws {
        let text = String(buffer: GatewayMessages.error(id: .string("a\"b"), code: -32603, message: "upstream crashed"))
        let value = try JSONParser.parse(text)
        #expect(value == ["jsonrpc": "2.0", "id": "a\"b", "error": ["code": -32603, "message": "upstream crashed"]])
    }

    @Test func writesANullIDWhenNoneIsKnown() throws {
        let value = try JSONParser.parse(String(buffer: GatewayMessages.error(for: .notJSON("x"))))
        #expect(value["id"] == .null)
        #expect(value["error"]?["code"] == -32700)
    }

    @Test func refusalIsAToolResultNamingToolRuleAndReason() throws {
        let refusal = try #require(Refusal(server: "crm", tool: "deleteOnePerson",
                                           decision: .deny(reason: "deleting cannot be undone", rule: .tool("deleteOne*"))))
        let value = try JSONParser.parse(String(buffer: GatewayMessages.refusal(id: .number(4), refusal: refusal)))
        #expect(value["id"] == 4)
        #expect(value["result"]?["isError"] == true)
        #expect(value["result"]?["content"]?[0]?["text"]
            == "Gatehouse refused the call to tool 'deleteOnePerson' on server 'crm' (policy rule /tools/deleteOne*): deleting cannot be undone. The call did not reach the server.")
        #expect(value["result"]?["_meta"]?[Refusal.metaKey]?["decision"] == "deny")
    }

    @Test func aReasonEndingItsOwnSentenceGetsNoSecondPeriod() throws {
        let refusal = try #require(Refusal(server: "pay", tool: "create_refund",
                                           decision: .deny(reason: "Refunds over 100.00 need a person.", rule: .tool("create_refund"))))
        #expect(refusal.text.contains("(policy rule /tools/create_refund): Refunds over 100.00 need a person. The call did not reach the server."))
    }

    @Test func rateLimitRefusalSaysWhenToRetry() throws {
        let decision = Decision.rateLimited(reason: "tool 'X' is rate limited: …; retry in 12s", retryAfter: 11.2,
                                            rule: RuleReference(pointer: JSONPointer(["tools", "X", "limits", "0"])))
        let refusal = try #require(Refusal(server: "s", tool: "X", decision: decision))
        #expect(refusal.text.contains("(policy rule /tools/X/limits/0)"))
        #expect(refusal.text.contains("Retry after 12 seconds."))
        let value = try JSONParser.parse(String(buffer: GatewayMessages.refusal(id: .number(1), refusal: refusal)))
        #expect(value["result"]?["_meta"]?[Refusal.metaKey]?["retryAfterSeconds"] == 12)
    }

    @Test func approvalRequiredIsRefusedUntilApprovalsExist() throws {
        let refusal = try #require(Refusal(server: "s", tool: "pay", decision: .requireApproval(rule: .tool("pay"), approval: ApprovalOptions())))
        #expect(refusal.decision == "require_approval")
        #expect(refusal.reason.contains("approval"))
    }

    @Test func allowIsNoRefusal() {
        #expect(Refusal(server: "s", tool: "t", decision: .allow(rule: .defaultRule)) == nil)
    }

    @Test func cancellationCarriesTheOriginalID() throws {
        let value = try JSONParser.parse(String(buffer: GatewayMessages.cancelled(.string("x"), reason: "client went away")))
        #expect(value == ["jsonrpc": "2.0", "method": "notifications/cancelled", "params": ["requestId": "x", "reason": "client went away"]])
    }
}

@Suite struct ServerSentEventsTests {
    @Test func encodesAMessageAsOneEvent() {
        let event = ServerSentEvents.event(ByteBuffer(string: #"{"a":1}"#))
        #expect(String(buffer: event) == "event: message\ndata: {\"a\":1}\n\n")
    }

    @Test func splitsLinesIntoDataFields() {
        let event = ServerSentEvents.event(ByteBuffer(string: "{\n\"a\":1\r\n}"), id: "7")
        #expect(String(buffer: event) == "event: message\nid: 7\ndata: {\ndata: \"a\":1\ndata: }\n\n")
    }

    @Test func writesComments() {
        #expect(String(buffer: ServerSentEvents.comment("keep-alive")) == ": keep-alive\n\n")
    }
}

@Suite struct ProtocolVersionsTests {
    @Test func acceptsTheInitializeEraRevisionsAndNoHeader() {
        for version in ["2025-11-25", "2025-06-18", "2025-03-26"] { #expect(ProtocolVersions.accepts(header: version)) }
        #expect(ProtocolVersions.accepts(header: nil))
    }

    @Test func refusesTheSessionlessRevisionNamingWhatItSpeaks() {
        #expect(!ProtocolVersions.accepts(header: "2026-07-28"))
        #expect(!ProtocolVersions.accepts(header: "garbage"))
        #expect(ProtocolVersions.unsupportedMessage("2026-07-28")
            == "Unsupported protocol version 2026-07-28; this server speaks 2025-11-25, 2025-06-18, 2025-03-26 via initialize")
    }

    @Test func neverForwardsServerDiscover() {
        #expect(ProtocolVersions.isSessionlessOnly(method: "server/discover"))
        #expect(!ProtocolVersions.isSessionlessOnly(method: "tools/list"))
    }
}
