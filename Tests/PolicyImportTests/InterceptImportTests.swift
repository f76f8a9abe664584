import Foundation
import JSON
import Policy
import Testing
@testable import PolicyImport

/// `gatehouse policy import`: Intercept's YAML, from the examples of its policy reference, to
/// the equivalent Gatehouse policy — golden files for whole documents, tables for each rule
/// shape, and the converted policies deciding calls as Intercept's documentation says.
@Suite struct InterceptImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let documents = ["github", "stripe", "default-deny", "lossy"]
    static var recording: Bool { ProcessInfo.processInfo.environment["GATEHOUSE_RECORD_GOLDEN"] == "1" }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    static func convert(_ yaml: String) throws -> PolicyConversion {
        try InterceptImport.convert(yaml: yaml)
    }

    /// The converted policy and its notes, as `gatehouse policy import --json` prints them.
    @Test(arguments: documents)
    func convertsTheDocumentAsRecorded(_ name: String) throws {
        let conversion = try Self.convert(try Self.text(name + ".yaml"))
        let actual = JSONWriter(style: .pretty).string(conversion.json) + "\n"
        let golden = Self.fixtures.appendingPathComponent(name + ".expected.json")
        if Self.recording {
            try actual.write(to: golden, atomically: true, encoding: .utf8)
        } else {
            #expect(actual == (try String(contentsOf: golden, encoding: .utf8)), "re-record with GATEHOUSE_RECORD_GOLDEN=1")
        }
        #expect(PolicyChecker.check(conversion.policy).problems.filter { $0.severity == .error }.isEmpty)
    }

    @Test func onlyTheLossyDocumentLosesAnything() throws {
        for name in Self.documents {
            #expect(try Self.convert(try Self.text(name + ".yaml")).isComplete == (name != "lossy"), "\(name)")
        }
    }

    // MARK: One rule at a time

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var rules: String
        /// The converted rule for tool `t`, as compact JSON.
        var rule: String
        var notes: [String] = []
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no rules is an empty rule", rules: "[]", rule: "{}"),
        Case(name: "deny becomes a deny_if without conditions",
             rules: #"[{name: b, action: deny, on_deny: "No."}]"#,
             rule: #"{"description":"Intercept rules: 'b'","deny_if":[{"conditions":[],"on_deny":"No."}]}"#),
        Case(name: "evaluate conditions become a require entry",
             rules: #"[{name: c, conditions: [{path: args.n, op: lt, value: 3}], on_deny: "Small."}]"#,
             rule: #"{"description":"Intercept rules: 'c'","require":[{"conditions":[{"path":"args.n","op":"lt","value":3}],"on_deny":"Small."}]}"#),
        Case(name: "rate_limit becomes a calendar-aligned global limit on the tool's counter",
             rules: "[{name: r, rate_limit: 10/day}]",
             rule: #"{"description":"Intercept rules: 'r'","limits":[{"counter":"t._rate_day","window":"day","max":10,"scope":"global","align":"calendar"}]}"#),
        Case(name: "a counted state with lt admits one call fewer",
             rules: "[{name: s, conditions: [{path: state.t.n, op: lt, value: 5}], state: {counter: n, window: hour}}]",
             rule: #"{"description":"Intercept rules: 's'","limits":[{"counter":"t.n","window":"hour","max":4,"scope":"global","align":"calendar"}]}"#,
             notes: ["/tools/t/rules/0/conditions/0: written as at most 4 calls per hour"]),
        Case(name: "a fixed increment divides the bound",
             rules: "[{name: s, conditions: [{path: state.t.n, op: lte, value: 10}], state: {counter: n, window: minute, increment: 3}}]",
             rule: #"{"description":"Intercept rules: 's'","limits":[{"counter":"t.n","window":"minute","max":3,"scope":"global","align":"calendar"}]}"#,
             notes: ["/tools/t/rules/0/conditions/0: written as at most 3 calls per minute"]),
        Case(name: "a running total with its argument conditions",
             rules: "[{name: s, conditions: [{path: args.amount, op: gt, value: 0}, {path: state.t.spend, op: lte, value: 500}], state: {counter: spend, window: day, increment_from: args.amount}}]",
             rule: #"{"description":"Intercept rules: 's'","require":[{"conditions":[{"path":"args.amount","op":"gt","value":0}]}],"limits":[{"counter":"t.spend","window":"day","max":500,"scope":"global","align":"calendar","increment_from":"args.amount"}]}"#),
        Case(name: "a bound on a counter that is not a limit is not carried, and the tool is denied",
             rules: "[{name: s, conditions: [{path: state.t.n, op: gte, value: 2}], state: {counter: n, window: day}}]",
             rule: #"{"description":"Intercept rules: 's'","deny_if":[{"conditions":[],"on_deny":"Denied: a rule of this tool's Intercept policy could not be converted to Gatehouse (see gatehouse policy import)."}]}"#,
             notes: ["/tools/t/rules/0/conditions/0: not carried over: only one lte or lt bound on a counter becomes a limit; the tool is denied until you write it",
                     "/tools/t/rules/0/state: not carried over: no condition of this rule bounds counter state.t.n, so it limits nothing here; the tool is denied until you write it"]),
        Case(name: "an unknown rule field is not carried",
             rules: "[{name: x, rate_limit: 2/minute, priority: 1}]",
             rule: #"{"description":"Intercept rules: 'x'","limits":[{"counter":"t._rate_minute","window":"minute","max":2,"scope":"global","align":"calendar"}]}"#,
             notes: ["/tools/t/rules/0/priority: not carried over: unknown rule field 'priority'"]),
        Case(name: "a deny rule keeps its tool's limits out (they would never apply)",
             rules: "[{name: r, rate_limit: 2/minute}, {name: b, action: deny}]",
             rule: #"{"description":"Intercept rules: 'r', 'b'","deny_if":[{"conditions":[]}]}"#),
    ]

    @Test(arguments: cases)
    func convertsOneRule(_ c: Case) throws {
        let yaml = "version: \"1\"\ndefault: deny\ntools:\n  t:\n    rules: \(c.rules)\n"
        let conversion = try Self.convert(yaml)
        #expect(conversion.policy["tools"]?["t"].map { JSONWriter().string($0) } == c.rule)
        #expect(conversion.notes.map(\.description) == c.notes)
    }

    // MARK: Files that cannot be converted

    @Test(arguments: [
        ("tools: [a", "not valid YAML"),
        ("version: \"2\"\ntools: {}", "version must be \"1\""),
        ("- a\n- b", "an Intercept policy is a mapping"),
        ("version: \"1\"\ndefault: maybe\ntools: {}", "default must be allow or deny"),
        ("version: \"1\"\ntools:\n  a: {rules: []}\n  a: {rules: []}", "not valid YAML"),
        ("version: \"1\"\ntools:\n  t:\n    rules: [{name: x, conditions: [{path: args.a, op: greater, value: 1}]}]", "does not pass gatehouse check"),
    ])
    func refusesWhatIsNotAPolicy(_ yaml: String, _ message: String) {
        #expect {
            _ = try InterceptImport.convert(yaml: yaml)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func anAliasIsReadAsTheValueItNames() throws {
        let conversion = try Self.convert("version: \"1\"\ndefault: deny\ntools:\n  a: &open {rules: []}\n  b: *open\n")
        #expect(conversion.policy["tools"] == ["a": [:], "b": [:]])
        #expect(conversion.isComplete)
    }

    // MARK: The converted policies decide as Intercept's documentation says

    @Test func theStripeExampleDecidesAsDocumented() async throws {
        let conversion = try Self.convert(try Self.text("stripe.yaml"))
        let policy = try CompiledPolicy(text: JSONWriter().string(conversion.policy))
        let clock = ManualTimeSource(Date(timeIntervalSince1970: 1_800_000_000))
        let engine = PolicyEngine(policy: policy, counters: InMemoryCounterStore(), clock: clock)
        func charge(_ amount: Int64, _ currency: String = "usd") async -> Decision {
            await engine.decide(ToolCall(tool: "create_charge", arguments: ["amount": .int(amount), "currency": .string(currency)])).decision
        }
        #expect(await charge(60_000).reason == "Single charge cannot exceed $500.00")
        #expect(await charge(100, "gbp").reason == "Only USD and EUR charges are permitted")
        #expect(await charge(50_000).isAllowed)
        let deletion = await engine.decide(ToolCall(tool: "delete_customer")).decision
        #expect(deletion.reason == "Customer deletion is not permitted via AI agents")
        // The wildcard's 60 calls a minute, across tools: one charge admitted so far, 59 more fit.
        for _ in 0..<59 { #expect(await engine.decide(ToolCall(tool: "list_customers")).decision.isAllowed) }
        let sixtyFirst = await engine.decide(ToolCall(tool: "list_customers")).decision
        #expect(sixtyFirst.name == "rate_limited")
        #expect(sixtyFirst.rule.description == "/all_tools/limits/0")
    }

    @Test func theGitHubExampleHidesAndCaps() async throws {
        let conversion = try Self.convert(try Self.text("github.yaml"))
        let policy = try CompiledPolicy(text: JSONWriter().string(conversion.policy))
        #expect(!policy.isListed("transfer_repository"))
        #expect(policy.isListed("delete_repository"))
        let engine = PolicyEngine(policy: policy, counters: InMemoryCounterStore(),
                                  clock: ManualTimeSource(Date(timeIntervalSince1970: 1_800_000_000)))
        for _ in 0..<3 { #expect(await engine.decide(ToolCall(tool: "create_pull_request")).decision.isAllowed) }
        #expect(await engine.decide(ToolCall(tool: "create_pull_request")).decision.name == "rate_limited")
        #expect(await engine.decide(ToolCall(tool: "list_webhooks")).decision.rule.description == "/hide/1")
    }

    @Test func aRuleThatCannotBeConvertedDeniesItsToolInstead() throws {
        let conversion = try Self.convert(try Self.text("lossy.yaml"))
        let policy = try CompiledPolicy(text: JSONWriter().string(conversion.policy))
        let decision = policy.decide(ToolCall(tool: "send_email"), counters: [:], now: Date())
        #expect(decision.rule.description == "/tools/send_email/deny_if/0")
        #expect(policy.decide(ToolCall(tool: "other"), counters: [:], now: Date()).isAllowed, "default allow, as written")
    }

    @Test func underDefaultDenyTheWildcardDoesNotAdmitUnlistedTools() throws {
        let conversion = try Self.convert(try Self.text("default-deny.yaml"))
        let policy = try CompiledPolicy(text: JSONWriter().string(conversion.policy))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(policy.decide(ToolCall(tool: "delete_file"), counters: [:], now: now).rule == .defaultRule)
        #expect(policy.decide(ToolCall(tool: "read_file"), counters: [:], now: now).isAllowed)
        #expect(!policy.decide(ToolCall(tool: "read_file", arguments: ["draft": true]), counters: [:], now: now).isAllowed)
    }
}
