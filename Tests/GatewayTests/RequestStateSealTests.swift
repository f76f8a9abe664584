import Foundation
import JSON
import Store
import Testing

@testable import Gateway

/// The signed `requestState` of a user approval asked through MRTR: what verifies and what is refused.
@Suite struct RequestStateSealTests {
    static let seal = RequestStateSeal(keyBytes: Array(repeating: 7, count: 32))
    static let issuedAt = Date(timeIntervalSince1970: 1_800_000_000)
    static let ticket = ApprovalTicket(server: "crm", tool: "delete_contact",
                                       argumentsDigest: ApprovalTicket.digest(of: ["id": 42]), grant: "alice",
                                       expiresAtMs: 1_800_000_300_000)
    static let state = seal.seal(ticket)

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var state: String = RequestStateSealTests.state
        var call: ApprovalTicket = RequestStateSealTests.ticket
        var now: Date = RequestStateSealTests.issuedAt
        var problem: RequestStateProblem?
        var testDescription: String { label }
    }

    /// `state` with the signature's last character changed only in the two bits that a 32-byte
    /// value leaves unused: the same bytes to a lenient decoder, not a spelling the gateway writes.
    static func respelled(_ state: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let index = alphabet.firstIndex(of: state.last!)!
        return String(state.dropLast()) + String(alphabet[index ^ 1])
    }

    /// `state` with its payload's JSON changed by `edit` and the old signature kept.
    static func withPayload(_ edit: (String) -> String) -> String {
        let parts = state.dropFirst(RequestStateSeal.prefix.count).split(separator: ".")
        let json = String(decoding: Base64URL.decode(parts[0])!, as: UTF8.self)
        return RequestStateSeal.prefix + Base64URL.encode(Array(edit(json).utf8)) + "." + parts[1]
    }

    static let cases: [Case] = [
        Case(label: "valid: the same call, before expiry"),
        Case(label: "tampered signature", state: String(state.dropLast(2)) + (state.hasSuffix("AA") ? "BB" : "AA"), problem: .badSignature),
        Case(label: "signature respelled in its last character's unused bits", state: respelled(state), problem: .malformed),
        Case(label: "tampered payload (another grant written in)",
             state: withPayload { $0.replacingOccurrences(of: "alice", with: "mallory") }, problem: .badSignature),
        Case(label: "tampered payload (a later expiry written in)",
             state: withPayload { $0.replacingOccurrences(of: "1800000300000", with: "1900000300000") }, problem: .badSignature),
        Case(label: "signed by another installation",
             state: RequestStateSeal(keyBytes: Array(repeating: 8, count: 32)).seal(ticket), problem: .badSignature),
        Case(label: "expired: at the expiry instant", now: Date(timeIntervalSince1970: 1_800_000_300), problem: .expired),
        Case(label: "expired: after it", now: Date(timeIntervalSince1970: 1_800_000_301), problem: .expired),
        Case(label: "another grant", call: ApprovalTicket(server: "crm", tool: "delete_contact", argumentsDigest: ticket.argumentsDigest,
                                                          grant: "bob", expiresAtMs: 0), problem: .otherCall(field: "grant")),
        Case(label: "another tool", call: ApprovalTicket(server: "crm", tool: "delete_account", argumentsDigest: ticket.argumentsDigest,
                                                         grant: "alice", expiresAtMs: 0), problem: .otherCall(field: "tool")),
        Case(label: "other arguments", call: ApprovalTicket(server: "crm", tool: "delete_contact",
                                                            argumentsDigest: ApprovalTicket.digest(of: ["id": 43]), grant: "alice",
                                                            expiresAtMs: 0), problem: .otherCall(field: "arguments")),
        Case(label: "another server", call: ApprovalTicket(server: "billing", tool: "delete_contact", argumentsDigest: ticket.argumentsDigest,
                                                           grant: "alice", expiresAtMs: 0), problem: .otherCall(field: "server")),
        Case(label: "not ours: no signature part", state: "gh1.abc", problem: .malformed),
        Case(label: "not ours: not base64url", state: "gh1.a b.c d", problem: .malformed),
    ]

    @Test(arguments: cases)
    func verifies(_ c: Case) {
        switch Self.seal.verify(c.state, for: c.call, now: c.now) {
        case .success(let ticket):
            #expect(c.problem == nil)
            #expect(ticket == Self.ticket)
        case .failure(let problem):
            #expect(problem == c.problem)
        }
    }

    @Test func argumentDigestIgnoresMemberOrder() throws {
        let one = try JSONParser.parse(#"{"a":1,"b":{"c":2,"d":3}}"#)
        let other = try JSONParser.parse(#"{"b":{"d":3,"c":2},"a":1}"#)
        #expect(ApprovalTicket.digest(of: one) == ApprovalTicket.digest(of: other))
    }

    @Test func onlyTheGatewaysFormatIsTakenForItsOwn() {
        #expect(RequestStateSeal.isGatewayState(Self.state))
        #expect(!RequestStateSeal.isGatewayState("eyJsb2NhdGlvbiI6Ik5ldyBZb3JrIn0"))
    }
}
