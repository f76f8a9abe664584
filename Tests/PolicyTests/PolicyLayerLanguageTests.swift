import Foundation
import JSON
import TestSupport
import Testing
@testable import Policy

/// PolicyLayer's documented language on our engine, as OPA-style tables: (policy, call) →
/// decision, rule and reason, for every field, every operator's type rules in `require` and
/// `deny_if`, and each precedence choice docs/policy.md writes down.
@Suite struct PolicyLayerLanguageTests {
    typealias Case = DecisionCase

    static let writingPolicies = Fixtures.text("valid", "policylayer-writing-policies")
    static let mixed = Fixtures.text("valid", "mixed-forms")

    /// One tool `t` with one `require` or `deny_if` entry holding `condition`.
    static func entry(_ list: String, _ condition: String, onDeny: String? = nil) -> String {
        let message = onDeny.map { #", "on_deny": "\#($0)""# } ?? ""
        return #"{"version": "1", "default": "deny", "tools": {"t": {"\#(list)": [{"conditions": [\#(condition)]\#(message)}]}}}"#
    }

    static func require(_ condition: String) -> String { entry("require", condition) }
    static func denyIf(_ condition: String) -> String { entry("deny_if", condition) }

    static func passes(_ name: String, _ policy: String, _ args: JSONValue) -> Case {
        Case(name: name, policy: policy, tool: "t", args: args, decision: "allow", rule: "/tools/t")
    }

    static func refused(_ name: String, _ policy: String, _ args: JSONValue, by list: String, contains: String? = nil) -> Case {
        Case(name: name, policy: policy, tool: "t", args: args, decision: "deny", rule: "/tools/t/\(list)/0", reasonContains: contains)
    }

    // MARK: Fields

    static let fields: [Case] = [
        Case(name: "a tool listed with {} is allowed under default deny", policy: writingPolicies, tool: "list_customers",
             decision: "allow", rule: "/tools/list_customers"),
        Case(name: "a tool not listed falls to the default", policy: writingPolicies, tool: "update_customer",
             decision: "deny", rule: "/default"),
        Case(name: "hide denies a named tool", policy: writingPolicies, tool: "delete_account",
             decision: "deny", rule: "/hide/0", reason: "tool 'delete_account' is hidden by policy"),
        Case(name: "hide '*' hides every tool, a listed one too",
             policy: #"{"version": "1", "default": "allow", "hide": ["*"], "tools": {"a": {}}}"#, tool: "a",
             decision: "deny", rule: "/hide/0", reason: "tool 'a' is hidden by policy"),
        Case(name: "hidden wins over a rule that allows the tool",
             policy: #"{"version": "1", "default": "deny", "hide": ["x", "a"], "tools": {"a": {"action": "allow"}}}"#, tool: "a",
             decision: "deny", rule: "/hide/1"),
        Case(name: "hidden wins over a pattern rule",
             policy: #"{"version": "1", "default": "deny", "hide": ["drop_db"], "tools": {"drop_*": {}}}"#, tool: "drop_db",
             decision: "deny", rule: "/hide/0"),
        Case(name: "hide is exact: another tool is not hidden",
             policy: #"{"version": "1", "default": "allow", "hide": ["drop_db"], "tools": {}}"#, tool: "drop_db2",
             decision: "allow", rule: "/default"),
        Case(name: "require passes when its conditions hold", policy: writingPolicies, tool: "create_refund",
             args: ["reason": "damaged", "amount": 500], decision: "allow", rule: "/tools/create_refund"),
        Case(name: "require denies with its on_deny, verbatim", policy: writingPolicies, tool: "create_refund",
             args: ["amount": 500], decision: "deny", rule: "/tools/create_refund/require/0", reason: "Say why you are refunding."),
        Case(name: "deny_if denies with its on_deny, verbatim", policy: writingPolicies, tool: "create_refund",
             args: ["reason": "damaged", "amount": 10001], decision: "deny", rule: "/tools/create_refund/deny_if/0",
             reason: "Refunds over 100.00 need a person."),
        Case(name: "deny_if at its bound does not deny", policy: writingPolicies, tool: "create_refund",
             args: ["reason": "damaged", "amount": 10000], decision: "allow", rule: "/tools/create_refund"),
        Case(name: "deny_if with empty conditions always denies",
             policy: entry("deny_if", "", onDeny: "Blocked."), tool: "t", args: ["anything": 1],
             decision: "deny", rule: "/tools/t/deny_if/0", reason: "Blocked."),
        Case(name: "an entry without on_deny names itself and what held", policy: denyIf(#"{"path": "args.n", "op": "gt", "value": 3}"#),
             tool: "t", args: ["n": 4], decision: "deny", rule: "/tools/t/deny_if/0",
             reason: "tool 't' refused: deny_if entry 0 holds: args.n gt 3"),
        Case(name: "a require entry without on_deny names the unmet condition", policy: require(#"{"path": "args.n", "op": "lte", "value": 3}"#),
             tool: "t", args: ["n": 4], decision: "deny", rule: "/tools/t/require/0",
             reason: "tool 't' refused: require entry 0 not met: args.n lte 3"),
        Case(name: "our conditions and their entries mix in one rule: ours deny with our reason", policy: mixed, tool: "create_refund",
             args: ["reason": "late", "amount": 10, "currency": "usd", "destination": "gift_card"],
             decision: "deny", rule: "/tools/create_refund", reasonContains: "Refunds go to the customer's own account."),
        Case(name: "mixed rule passes when every form passes", policy: mixed, tool: "create_refund",
             args: ["reason": "late", "amount": 10, "currency": "usd", "destination": "original_payment_method"],
             decision: "allow", rule: "/tools/create_refund"),
        Case(name: "mixed document keeps our approvals", policy: mixed, tool: "DeleteOnePerson",
             decision: "require_approval", rule: "/tools/Delete*"),
        Case(name: "mixed document hides by its hide list", policy: mixed, tool: "run_shell", decision: "deny", rule: "/hide/0"),
        Case(name: "path_within under require keeps a reader inside its directory", policy: mixed, tool: "convert_to_markdown",
             args: ["uri": "file:///srv/docs/..%2f..%2fetc%2fhostname"], decision: "deny", rule: "/tools/convert_to_markdown/require/0",
             reason: "Documents are read from /srv/docs only."),
    ]

    // MARK: Operators and their type rules, in require

    static let eq = #"{"path": "args.v", "op": "eq", "value": "a"}"#
    static let neq = #"{"path": "args.v", "op": "neq", "value": "a"}"#
    static let lt = #"{"path": "args.v", "op": "lt", "value": 10}"#
    static let lte = #"{"path": "args.v", "op": "lte", "value": 10}"#
    static let gt = #"{"path": "args.v", "op": "gt", "value": 10}"#
    static let gte = #"{"path": "args.v", "op": "gte", "value": 10}"#
    static let isIn = #"{"path": "args.v", "op": "in", "value": ["a", "b"]}"#
    static let notIn = #"{"path": "args.v", "op": "not_in", "value": ["a", "b"]}"#
    static let exists = #"{"path": "args.v", "op": "exists", "value": true}"#
    static let absent = #"{"path": "args.v", "op": "exists", "value": false}"#
    static let regex = #"{"path": "args.v", "op": "regex", "value": "^ab+$"}"#
    static let contains = #"{"path": "args.v", "op": "contains", "value": "x"}"#

    static let requireOperators: [Case] = [
        passes("eq: equal strings", require(eq), ["v": "a"]),
        refused("eq: different strings", require(eq), ["v": "b"], by: "require"),
        refused("eq: a number never equals a string", require(#"{"path": "args.v", "op": "eq", "value": 5}"#), ["v": "5"], by: "require",
                contains: "the argument is not a number"),
        passes("eq: numbers compare by value (5 == 5.0)", require(#"{"path": "args.v", "op": "eq", "value": 5}"#), ["v": 5.0]),
        passes("eq: booleans", require(#"{"path": "args.v", "op": "eq", "value": true}"#), ["v": true]),
        passes("neq: another string", require(neq), ["v": "b"]),
        refused("neq: the same string", require(neq), ["v": "a"], by: "require"),
        refused("neq: another type is not 'not equal', it is not comparable", require(neq), ["v": 1], by: "require"),
        passes("lt", require(lt), ["v": 9]),
        refused("lt at the bound", require(lt), ["v": 10], by: "require"),
        passes("lte at the bound", require(lte), ["v": 10]),
        passes("gt", require(gt), ["v": 10.5]),
        refused("gt at the bound", require(gt), ["v": 10], by: "require"),
        passes("gte at the bound", require(gte), ["v": 10]),
        refused("gte: a numeric string is not a number", require(gte), ["v": "11"], by: "require", contains: "is not a number"),
        refused("lt: a boolean is not a number", require(lt), ["v": true], by: "require"),
        passes("in: listed", require(isIn), ["v": "b"]),
        refused("in: not listed", require(isIn), ["v": "c"], by: "require"),
        refused("in: an array argument is not a listed value", require(isIn), ["v": ["a"]], by: "require"),
        passes("not_in: not listed", require(notIn), ["v": "c"]),
        refused("not_in: listed", require(notIn), ["v": "a"], by: "require"),
        refused("not_in: a number is not comparable with a list of strings", require(notIn), ["v": 3], by: "require"),
        passes("exists true: present", require(exists), ["v": 0]),
        refused("exists true: absent", require(exists), [:], by: "require"),
        refused("exists true: null is absent", require(exists), ["v": nil], by: "require"),
        passes("exists false: absent", require(absent), [:]),
        refused("exists false: present", require(absent), ["v": ""], by: "require"),
        passes("regex: matches", require(regex), ["v": "abbb"]),
        refused("regex: no match", require(regex), ["v": "abc"], by: "require"),
        refused("regex: a number is not text", require(regex), ["v": 11], by: "require"),
        passes("contains: substring", require(contains), ["v": "axb"]),
        passes("contains: array element", require(contains), ["v": ["y", "x"]]),
        refused("contains: not in the array", require(contains), ["v": ["y"]], by: "require"),
        refused("contains: a number is neither text nor a list", require(contains), ["v": 7], by: "require"),
        refused("a missing argument fails every comparison", require(gt), [:], by: "require", contains: "is missing"),
        refused("nested paths resolve; a missing parent is missing", require(#"{"path": "args.a.b", "op": "eq", "value": 1}"#),
                ["a": 1], by: "require"),
        passes("nested paths resolve", require(#"{"path": "args.a.b", "op": "eq", "value": 1}"#), ["a": ["b": 1]]),
    ]

    // MARK: The same operators in deny_if: undecided denies

    static let denyIfOperators: [Case] = [
        refused("deny_if eq holds", denyIf(eq), ["v": "a"], by: "deny_if"),
        passes("deny_if eq does not hold", denyIf(eq), ["v": "b"]),
        refused("deny_if gt: a numeric string cannot be compared, so it denies", denyIf(gt), ["v": "20000"], by: "deny_if",
                contains: "cannot tell whether args.v gt 10, so it denies: the argument is not a number"),
        refused("deny_if gt: a missing argument cannot be compared, so it denies", denyIf(gt), [:], by: "deny_if",
                contains: "the argument is missing"),
        refused("deny_if gt: null cannot be compared", denyIf(gt), ["v": nil], by: "deny_if"),
        passes("deny_if gt: below", denyIf(gt), ["v": 3]),
        passes("deny_if lt: above", denyIf(lt), ["v": 30]),
        refused("deny_if lte: at the bound", denyIf(lte), ["v": 10], by: "deny_if"),
        refused("deny_if gte: at the bound", denyIf(gte), ["v": 10], by: "deny_if"),
        refused("deny_if neq: different", denyIf(neq), ["v": "b"], by: "deny_if"),
        refused("deny_if neq: another type denies (not comparable)", denyIf(neq), ["v": 1], by: "deny_if"),
        passes("deny_if neq: equal", denyIf(neq), ["v": "a"]),
        refused("deny_if in: listed", denyIf(isIn), ["v": "a"], by: "deny_if"),
        passes("deny_if in: not listed", denyIf(isIn), ["v": "c"]),
        refused("deny_if in: an array argument cannot be compared, so it denies", denyIf(isIn), ["v": ["a"]], by: "deny_if"),
        refused("deny_if not_in: not listed", denyIf(notIn), ["v": "z"], by: "deny_if"),
        passes("deny_if not_in: listed", denyIf(notIn), ["v": "b"]),
        refused("deny_if exists true: present", denyIf(exists), ["v": 1], by: "deny_if"),
        passes("deny_if exists true: absent does not deny", denyIf(exists), [:]),
        refused("deny_if exists false: absent", denyIf(absent), [:], by: "deny_if"),
        refused("deny_if regex: matches", denyIf(regex), ["v": "ab"], by: "deny_if"),
        passes("deny_if regex: no match", denyIf(regex), ["v": "zz"]),
        refused("deny_if regex: an object cannot be matched, so it denies", denyIf(regex), ["v": ["k": "ab"]], by: "deny_if"),
        refused("deny_if contains: substring", denyIf(contains), ["v": "xx"], by: "deny_if"),
        passes("deny_if contains: absent from the text", denyIf(contains), ["v": "yy"]),
        refused("deny_if contains: a number cannot be searched, so it denies", denyIf(contains), ["v": 5], by: "deny_if"),
    ]

    // MARK: Parsing operators in deny_if: what cannot be parsed denies

    static let inEtc = #"{"path": "args.p", "op": "path_within", "value": ["/etc"]}"#
    static let toEvil = #"{"path": "args.u", "op": "url_host_in", "value": ["evil.example", "*.evil.example"]}"#
    static let fileScheme = #"{"path": "args.u", "op": "url_scheme_in", "value": ["file", "gopher"]}"#

    static let denyIfParsing: [Case] = [
        refused("path_within in deny_if: inside denies", denyIf(inEtc), ["p": "/etc/passwd"], by: "deny_if"),
        refused("path_within in deny_if: a climb back inside denies", denyIf(inEtc), ["p": "/srv/../etc/passwd"], by: "deny_if"),
        refused("path_within in deny_if: an encoded climb back inside denies", denyIf(inEtc), ["p": "file:///srv/..%2fetc/passwd"], by: "deny_if"),
        passes("path_within in deny_if: outside passes", denyIf(inEtc), ["p": "/srv/docs/a.txt"]),
        passes("path_within in deny_if: a sibling with the same prefix is outside", denyIf(inEtc), ["p": "/etcetera/a"]),
        refused("path_within in deny_if: NUL cannot be read, so it denies", denyIf(inEtc), ["p": "/srv/a\u{0}/../../etc/passwd"], by: "deny_if",
                contains: "cannot tell whether"),
        refused("path_within in deny_if: double encoding cannot be read, so it denies", denyIf(inEtc), ["p": "/srv/%252e%252e/etc/passwd"], by: "deny_if"),
        refused("path_within in deny_if: another scheme cannot be placed, so it denies", denyIf(inEtc), ["p": "http://x/etc/passwd"], by: "deny_if"),
        refused("path_within in deny_if: a relative path cannot be placed, so it denies", denyIf(inEtc), ["p": "../../etc/passwd"], by: "deny_if"),
        refused("path_within in deny_if: a number cannot be placed, so it denies", denyIf(inEtc), ["p": 7], by: "deny_if"),
        refused("path_within in deny_if: a missing path denies", denyIf(inEtc), [:], by: "deny_if"),
        refused("path_within in deny_if: any element of an array inside denies", denyIf(inEtc), ["p": ["/srv/a", "/etc/shadow"]], by: "deny_if"),
        refused("path_within in deny_if: an unreadable element denies", denyIf(inEtc), ["p": ["/srv/a", "/srv/%252e%252e/etc"]], by: "deny_if"),
        refused("path_within in deny_if: a reading a Unicode-normalising server takes denies", denyIf(inEtc),
                ["p": "/srv/\u{2025}/etc/passwd"], by: "deny_if"),
        passes("path_within in deny_if: every element outside passes", denyIf(inEtc), ["p": ["/srv/a", "/srv/b"]]),
        refused("url_host_in in deny_if: the host denies", denyIf(toEvil), ["u": "https://evil.example/x"], by: "deny_if"),
        refused("url_host_in in deny_if: a subdomain denies", denyIf(toEvil), ["u": "http://a.evil.example/"], by: "deny_if"),
        refused("url_host_in in deny_if: case and a trailing dot still deny", denyIf(toEvil), ["u": "http://EVIL.example./"], by: "deny_if"),
        refused("url_host_in in deny_if: userinfo does not hide the host", denyIf(toEvil), ["u": "http://good.example@evil.example/"], by: "deny_if"),
        passes("url_host_in in deny_if: another host passes", denyIf(toEvil), ["u": "https://good.example/"]),
        passes("url_host_in in deny_if: a look-alike suffix is another host", denyIf(toEvil), ["u": "https://evil.example.good.example/"]),
        refused("url_host_in in deny_if: an unparsable URL denies", denyIf(toEvil), ["u": "http://[evil.example/"], by: "deny_if",
                contains: "cannot tell whether"),
        refused("url_host_in in deny_if: a backslash URL denies", denyIf(toEvil), ["u": "http://good.example\\@evil.example/"], by: "deny_if"),
        refused("url_host_in in deny_if: a scheme it does not read denies", denyIf(toEvil), ["u": "ftp://evil.example/"], by: "deny_if"),
        refused("url_host_in in deny_if: not a URL denies", denyIf(toEvil), ["u": "evil.example"], by: "deny_if"),
        refused("url_scheme_in in deny_if: the scheme denies", denyIf(fileScheme), ["u": "FILE:///etc/passwd"], by: "deny_if"),
        passes("url_scheme_in in deny_if: another scheme passes", denyIf(fileScheme), ["u": "https://a.example/"]),
        refused("url_scheme_in in deny_if: a control character denies", denyIf(fileScheme), ["u": "fi\tle:///etc/passwd"], by: "deny_if"),
    ]

    // MARK: Precedence and combination (docs/policy.md, "How the forms combine")

    static let twoLists = #"""
        {"version": "1", "default": "deny", "tools": {"t": {
          "require": [{"conditions": [{"path": "args.reason", "op": "exists"}], "on_deny": "R0"},
                      {"conditions": [{"path": "args.currency", "op": "eq", "value": "usd"}], "on_deny": "R1"}],
          "deny_if": [{"conditions": [{"path": "args.amount", "op": "gt", "value": 100}], "on_deny": "D0"},
                      {"conditions": [{"path": "args.amount", "op": "gt", "value": 10}, {"path": "args.currency", "op": "eq", "value": "usd"}], "on_deny": "D1"}],
          "limits": [{"counter": "t_rate", "window": "minute", "max": 5, "scope": "grant"}]}}}
        """#

    static let precedence: [Case] = [
        Case(name: "deny_if is read before require: a prohibition is the refusal the agent reads",
             policy: twoLists, tool: "t", args: ["amount": 500], decision: "deny", rule: "/tools/t/deny_if/0", reason: "D0"),
        Case(name: "require entries all apply: the first unmet one denies", policy: twoLists, tool: "t",
             args: ["amount": 1, "currency": "usd"], decision: "deny", rule: "/tools/t/require/0", reason: "R0"),
        Case(name: "require entries all apply: a later unmet one denies too", policy: twoLists, tool: "t",
             args: ["amount": 1, "reason": "x", "currency": "eur"], decision: "deny", rule: "/tools/t/require/1", reason: "R1"),
        Case(name: "deny_if entries each apply: any entry that holds denies", policy: twoLists, tool: "t",
             args: ["amount": 50, "reason": "x", "currency": "usd"], decision: "deny", rule: "/tools/t/deny_if/1", reason: "D1"),
        Case(name: "within a deny_if entry conditions combine by and", policy: twoLists, tool: "t",
             args: ["amount": 50, "reason": "x", "currency": "eur"], decision: "deny", rule: "/tools/t/require/1", reason: "R1"),
        Case(name: "every test passes: the rule allows", policy: twoLists, tool: "t",
             args: ["amount": 5, "reason": "x", "currency": "usd"], decision: "allow", rule: "/tools/t"),
        Case(name: "an entry with a definitely false condition does not deny, even beside an undecided one",
             policy: entry("deny_if", #"{"path": "args.a", "op": "gt", "value": 1}, {"path": "args.b", "op": "eq", "value": "x"}"#),
             tool: "t", args: ["a": "many", "b": "y"], decision: "allow", rule: "/tools/t"),
        Case(name: "exists true in a deny_if entry lets a call without the argument through",
             policy: entry("deny_if", #"{"path": "args.amount", "op": "exists"}, {"path": "args.amount", "op": "gt", "value": 1}"#),
             tool: "t", args: [:], decision: "allow", rule: "/tools/t"),
        Case(name: "action deny is read before the entries",
             policy: #"{"version": "1", "tools": {"t": {"action": "deny", "reason": "No."}}}"#, tool: "t",
             decision: "deny", rule: "/tools/t", reason: "No."),
        Case(name: "entries are read before our conditions",
             policy: #"{"version": "1", "tools": {"t": {"reason": "ours", "conditions": [{"path": "args.a", "op": "eq", "value": 1}], "deny_if": [{"conditions": [{"path": "args.b", "op": "eq", "value": 1}], "on_deny": "theirs"}]}}}"#,
             tool: "t", args: ["a": 2, "b": 1], decision: "deny", rule: "/tools/t/deny_if/0", reason: "theirs"),
        Case(name: "an entry that denies decides before a limit is counted",
             policy: #"{"version": "1", "tools": {"t": {"deny_if": [{"conditions": []}], "limits": [{"counter": "c", "window": "minute", "max": 1}]}}}"#,
             tool: "t", decision: "deny", rule: "/tools/t/deny_if/0"),
        Case(name: "a hide entry written twice denies by its first index",
             policy: #"{"version": "1", "default": "allow", "hide": ["a", "a"], "tools": {}}"#, tool: "a",
             decision: "deny", rule: "/hide/0"),
    ]

    @Test(arguments: fields + requireOperators + denyIfOperators + denyIfParsing + precedence)
    func decides(_ c: Case) throws {
        try c.check()
    }

    @Test func everyOperatorIsInTheTables() {
        let written = (Self.requireOperators + Self.denyIfOperators + Self.denyIfParsing).map(\.policy).joined()
        for op in ConditionOperator.allCases {
            #expect(written.contains(#""op": "\#(op.rawValue)""#), "no row for \(op.rawValue)")
        }
    }

    // MARK: Listing

    @Test func hiddenToolsAreNotListedAndEntryBlockedToolsStay() throws {
        let policy = try CompiledPolicy(text: Self.writingPolicies)
        #expect(!policy.isListed("delete_account"))
        #expect(policy.isListed("list_customers"))
        #expect(policy.isListed("create_refund"))
        #expect(!policy.isListed("not_in_the_policy"))
        let everything = try CompiledPolicy(text: #"{"version": "1", "default": "allow", "hide": ["*"], "tools": {"a": {}}}"#)
        #expect(!everything.isListed("a") && !everything.isListed("b"))
        let blocked = try CompiledPolicy(text: Fixtures.text("valid", "policylayer-block"))
        #expect(blocked.isListed("DeleteOneConnectedAccount"), "a deny_if block keeps the tool visible, as PolicyLayer does")
    }

    // MARK: all_tools.limits

    @Test func allToolsLimitsCountEveryCallAndNameTheirPointer() async throws {
        let clock = ManualTimeSource(Date(timeIntervalSince1970: 1_800_000_000))
        let text = #"{"version": "1", "default": "allow", "all_tools": {"limits": [{"counter": "calls", "window": "minute", "max": 3, "scope": "grant"}]}, "tools": {"a": {}}}"#
        let engine = PolicyEngine(policy: try CompiledPolicy(text: text), counters: InMemoryCounterStore(), clock: clock)
        for tool in ["a", "b", "a"] {
            #expect(await engine.decide(ToolCall(tool: tool, grant: "g")).decision.isAllowed)
        }
        let refused = await engine.decide(ToolCall(tool: "c", grant: "g")).decision
        #expect(refused.name == "rate_limited")
        #expect(refused.rule.description == "/all_tools/limits/0")
        #expect(await engine.decide(ToolCall(tool: "a", grant: "other")).decision.isAllowed)
    }

    @Test func bothSpellingsOfPolicyWideLimitsApply() throws {
        let text = #"{"version": "1", "default": "allow", "limits": [{"counter": "ours", "window": "minute", "max": 5}], "all_tools": {"limits": [{"counter": "theirs", "window": "hour", "max": 50}]}, "tools": {}}"#
        let policy = try CompiledPolicy(text: text)
        guard case .count(let checks, _) = policy.evaluate(ToolCall(tool: "x")) else {
            Issue.record("expected budgets")
            return
        }
        #expect(checks.map(\.rule.description) == ["/limits/0", "/all_tools/limits/0"])
    }

    @Test func aDocumentPrintsBackAsTheSameDocument() throws {
        for name in ["policylayer-writing-policies", "mixed-forms", "policylayer-hide", "policylayer-block"] {
            let document = try #require(PolicyChecker.check(text: Fixtures.text("valid", name)).document)
            let again = try #require(PolicyChecker.check(document.json).document, "\(name)")
            #expect(again == document, "\(name)")
        }
    }
}
