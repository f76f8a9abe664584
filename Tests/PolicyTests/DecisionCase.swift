import Foundation
import JSON
import Testing
@testable import Policy

/// One row of a decision table (OPA-style): a policy and a call, and the decision, rule and
/// reason the engine must give. Shared by the tables of our forms and of PolicyLayer's.
struct DecisionCase: CustomTestStringConvertible, Sendable {
    var name: String
    var policy: String
    var tool: String
    var args: JSONValue = .emptyObject
    var decision: String
    var rule: String
    /// The whole reason, when the row pins it (an `on_deny` arrives verbatim).
    var reason: String? = nil
    var reasonContains: String? = nil
    var testDescription: String { name }

    /// Decides the row's call on its policy and checks what came out.
    func check() throws {
        let policy = try CompiledPolicy(text: self.policy)
        let call = ToolCall(tool: tool, arguments: args, grant: "g", session: "s")
        let decision = policy.decide(call, counters: [:], now: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(decision.name == self.decision)
        #expect(decision.rule.description == rule)
        if let reason {
            #expect(decision.reason == reason)
        }
        if let reasonContains {
            #expect(decision.reason?.contains(reasonContains) == true, "reason was: \(decision.reason ?? "nil")")
        }
    }
}
