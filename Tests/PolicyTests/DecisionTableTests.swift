import Foundation
import JSON
import TestSupport
import Testing
@testable import Policy

/// OPA-style tables: (policy, call) → decision, for every construct of the language.
@Suite struct DecisionTableTests {
    typealias Case = DecisionCase

    static let everyConstruct = Fixtures.text("valid", "every-construct")

    static let cases: [Case] = [
        // The seed document means exactly what it says.
        Case(name: "seed allows the limited tool", policy: SeedPolicy.compact, tool: "UpdateOneConnectedAccount",
             decision: "allow", rule: "/tools/UpdateOneConnectedAccount"),
        Case(name: "seed denies everything else", policy: SeedPolicy.compact, tool: "DeleteOneConnectedAccount",
             decision: "deny", rule: "/default", reasonContains: "default is deny"),
        // Default.
        Case(name: "default omitted means deny", policy: #"{"version": "1", "tools": {}}"#, tool: "anything",
             decision: "deny", rule: "/default"),
        Case(name: "default allow admits unlisted tools", policy: #"{"version": "1", "default": "allow", "tools": {}}"#,
             tool: "anything", decision: "allow", rule: "/default"),
        Case(name: "default allow still applies a deny rule",
             policy: #"{"version": "1", "default": "allow", "tools": {"rm": {"action": "deny", "reason": "no deletes"}}}"#,
             tool: "rm", decision: "deny", rule: "/tools/rm", reasonContains: "no deletes"),
        // Actions.
        Case(name: "explicit allow", policy: #"{"version": "1", "tools": {"a": {"action": "allow"}}}"#, tool: "a",
             decision: "allow", rule: "/tools/a"),
        Case(name: "empty rule allows", policy: #"{"version": "1", "tools": {"a": {}}}"#, tool: "a",
             decision: "allow", rule: "/tools/a"),
        Case(name: "deny gives the rule's reason to the agent", policy: everyConstruct, tool: "DeleteOneConnectedAccount",
             decision: "deny", rule: "/tools/DeleteOneConnectedAccount", reasonContains: "Connected accounts are managed by IT."),
        Case(name: "deny without a reason names the tool",
             policy: #"{"version": "1", "tools": {"a": {"action": "deny"}}}"#, tool: "a",
             decision: "deny", rule: "/tools/a", reasonContains: "tool 'a' is denied by policy"),
        Case(name: "require approval", policy: everyConstruct, tool: "DeleteOnePerson",
             decision: "require_approval", rule: "/tools/Delete*"),
        Case(name: "hide denies", policy: everyConstruct, tool: "run_shell",
             decision: "deny", rule: "/tools/run_shell", reasonContains: "hidden"),
        // Patterns and precedence.
        Case(name: "exact name beats a pattern", policy: everyConstruct, tool: "DeleteOneConnectedAccount",
             decision: "deny", rule: "/tools/DeleteOneConnectedAccount"),
        Case(name: "prefix pattern", policy: everyConstruct, tool: "search_issues", decision: "allow", rule: "/tools/search_*"),
        Case(name: "pattern is case sensitive", policy: everyConstruct, tool: "Search_issues", decision: "deny", rule: "/default"),
        Case(name: "more specific pattern beats a broader one",
             policy: #"{"version": "1", "tools": {"*": {"action": "allow"}, "Delete*": {"action": "deny"}, "DeleteOne*": {"action": "require_approval"}}}"#,
             tool: "DeleteOneTask", decision: "require_approval", rule: "/tools/DeleteOne*"),
        Case(name: "catch-all pattern",
             policy: #"{"version": "1", "tools": {"*": {"action": "allow"}, "Delete*": {"action": "deny"}}}"#,
             tool: "ListTasks", decision: "allow", rule: "/tools/*"),
        Case(name: "equal specificity resolves by fewer wildcards",
             policy: #"{"version": "1", "tools": {"*_delete": {"action": "deny"}, "*_de*ete": {"action": "allow"}}}"#,
             tool: "pods_delete", decision: "deny", rule: "/tools/*_delete"),
        Case(name: "full tie resolves by key order, not file order",
             policy: #"{"version": "1", "tools": {"b*": {"action": "deny"}, "*b": {"action": "allow"}}}"#,
             tool: "bob", decision: "allow", rule: "/tools/*b"),
        Case(name: "middle wildcard", policy: #"{"version": "1", "tools": {"get_*_secret": {"action": "deny"}, "get_*": {}}}"#,
             tool: "get_db_secret", decision: "deny", rule: "/tools/get_*_secret"),
        // Conditions.
        Case(name: "conditions pass", policy: everyConstruct, tool: "create_refund",
             args: ["amount": 120, "currency": "usd"], decision: "allow", rule: "/tools/create_refund"),
        Case(name: "failed condition denies with the rule's reason", policy: everyConstruct, tool: "create_refund",
             args: ["amount": 600, "currency": "usd"], decision: "deny", rule: "/tools/create_refund",
             reasonContains: "Refunds above 500 need a person. (condition 0 not met: args.amount lte 500)"),
        Case(name: "missing argument fails the condition", policy: everyConstruct, tool: "create_refund",
             args: ["currency": "usd"], decision: "deny", rule: "/tools/create_refund"),
        Case(name: "string where a number is wanted fails", policy: everyConstruct, tool: "create_refund",
             args: ["amount": "100", "currency": "usd"], decision: "deny", rule: "/tools/create_refund"),
        Case(name: "null fails", policy: everyConstruct, tool: "create_refund",
             args: ["amount": nil, "currency": "usd"], decision: "deny", rule: "/tools/create_refund"),
        Case(name: "in fails for a value outside the list", policy: everyConstruct, tool: "create_refund",
             args: ["amount": 10, "currency": "gbp"], decision: "deny", rule: "/tools/create_refund"),
        Case(name: "regex, contains and exists false pass", policy: everyConstruct, tool: "create_issue",
             args: ["repo": "acme/web", "labels": ["bot", "bug"]], decision: "allow", rule: "/tools/create_issue"),
        Case(name: "regex does not match", policy: everyConstruct, tool: "create_issue",
             args: ["repo": "evil/web", "labels": ["bot"]], decision: "deny", rule: "/tools/create_issue",
             reasonContains: "args.repo regex"),
        Case(name: "exists false fails when present", policy: everyConstruct, tool: "create_issue",
             args: ["repo": "acme/web", "labels": ["bot"], "draft": true], decision: "deny", rule: "/tools/create_issue"),
        // Limits that need an amount.
        Case(name: "spend cap without an amount is refused", policy: everyConstruct, tool: "create_refund",
             args: ["amount": -5, "currency": "usd"], decision: "deny", rule: "/tools/create_refund/limits/0",
             reasonContains: "must be a non-negative number"),
    ]

    @Test(arguments: cases)
    func decides(_ c: Case) throws {
        try c.check()
    }

    @Test func hiddenAndDeniedToolsAreNotListed() throws {
        let policy = try CompiledPolicy(text: Self.everyConstruct)
        #expect(!policy.isListed("run_shell"))
        #expect(!policy.isListed("DeleteOneConnectedAccount"))
        #expect(!policy.isListed("unlisted_tool"))
        #expect(policy.isListed("DeleteOnePerson"))
        #expect(policy.isListed("UpdateOneConnectedAccount"))
        #expect(policy.isListed("create_refund"))
    }

    @Test func approvalOptionsReachTheDecision() throws {
        let policy = try CompiledPolicy(text: Self.everyConstruct)
        let decision = policy.decide(ToolCall(tool: "DeleteTask"), counters: [:], now: Date())
        #expect(decision == .requireApproval(rule: .tool("Delete*"),
                                             approval: ApprovalOptions(approver: .user, remember: .grant(minutes: 30))))
    }

    @Test func onlyAPolicyWithAnApprovalRuleMayHoldCalls() throws {
        #expect(try CompiledPolicy(text: Self.everyConstruct).mayRequireApproval)
        #expect(try !CompiledPolicy(text: #"{"version": "1", "default": "allow", "tools": {"a": {"action": "deny"}}}"#).mayRequireApproval)
    }
}
