import Foundation
import JSON

/// A policy ready to decide calls: an immutable value built once when the policy loads.
///
/// Deciding is a look at the `hide` list, a dictionary lookup (exact names), a scan of
/// precompiled patterns in precedence order, a few comparisons for conditions and entries,
/// and a list of budgets to count against.
public struct CompiledPolicy: Sendable {
    public let document: PolicyDocument
    private let hidden: HideList
    /// The denial of each `hide` entry naming a tool, built once (nil for `"*"`, which names
    /// the tool called).
    private let hiddenDenials: [Decision?]
    private let exactRules: [String: CompiledRule]
    private let patternRules: PatternIndex
    private let policyLimits: [CompiledLimit]
    /// Whether any rule holds calls for approval: when none does, the gateway skips looking.
    public let mayRequireApproval: Bool

    /// Compiles a checked document. Documents from ``PolicyChecker`` always compile.
    public init(_ document: PolicyDocument) throws(PolicyError) {
        self.document = document
        var exact: [String: CompiledRule] = [:]
        var patterns: [CompiledRule] = []
        var problems: [PolicyProblem] = []
        for (key, rule) in document.tools {
            do {
                let compiled = try CompiledRule(key: key, rule: rule)
                if compiled.pattern.isPattern {
                    patterns.append(compiled)
                } else {
                    exact[key] = compiled
                }
            } catch {
                problems.append(contentsOf: error.problems)
            }
        }
        guard problems.isEmpty else { throw PolicyError(problems: problems) }
        mayRequireApproval = document.tools.contains { $0.rule.action == .requireApproval }
        exactRules = exact
        patternRules = PatternIndex(patterns)
        policyLimits = document.policyWideLimits.map { CompiledLimit($0.limit, rule: RuleReference(pointer: $0.pointer)) }
        let hide = document.hide ?? []
        hidden = HideList(hide)
        hiddenDenials = hide.indices.map { index in
            hide[index] == HideList.everyTool ? nil : Self.hiddenDenial(tool: hide[index], entry: index)
        }
    }

    /// Checks and compiles policy text in one step.
    public init(text: String, source: String? = nil) throws(PolicyError) {
        try self.init(PolicyChecker.load(text: text, source: source))
    }

    /// Built once: a default denial is the commonest decision and should cost no allocation.
    static let defaultDenial = Decision.deny(
        reason: "no rule allows this tool and the policy's default is deny", rule: .defaultRule)

    static func hiddenDenial(tool: String, entry: Int) -> Decision {
        .deny(reason: "tool '\(tool)' is hidden by policy", rule: RuleReference(pointer: JSONPointer(["hide", String(entry)])))
    }

    /// The rule key that governs `tool` (exact name or winning pattern), or nil for the default.
    public func ruleKey(for tool: String) -> String? {
        rule(for: tool)?.key
    }

    func rule(for tool: String) -> CompiledRule? {
        if let rule = exactRules[tool] { return rule }
        return patternRules.firstMatch(for: tool)
    }

    /// Whether `tools/list` shows the tool to agents: hidden tools (by the `hide` list or a
    /// rule), tools denied by `action`, and tools no rule names under a default deny are removed.
    public func isListed(_ tool: String) -> Bool {
        if !hidden.isEmpty, hidden.index(hiding: tool) != nil { return false }
        guard let rule = rule(for: tool) else { return document.defaultAction == .allow }
        return rule.isListed
    }

    /// Everything about a call that does not depend on counters: a final decision, or the
    /// budgets to count against before the given decision holds.
    ///
    /// In order: the `hide` list (hidden wins over every rule); the rule — or the default when
    /// none names the tool; the rule's `hide`/`action: deny`; its `deny_if`, `require` and
    /// `conditions` (``CompiledRule/refusal(of:)``); then the budgets.
    public func evaluate(_ call: ToolCall) -> Evaluation {
        if !hidden.isEmpty, let index = hidden.index(hiding: call.tool) {
            return .decided(hiddenDenials[index] ?? Self.hiddenDenial(tool: call.tool, entry: index))
        }
        guard let rule = rule(for: call.tool) else {
            if document.defaultAction == .deny {
                return .decided(Self.defaultDenial)
            }
            return budgets(for: call, ruleLimits: [], then: .allow(rule: .defaultRule))
        }
        if let denial = rule.denial {
            return .decided(denial)
        }
        if let refusal = rule.refusal(of: call) {
            return .decided(refusal)
        }
        return budgets(for: call, ruleLimits: rule.limits, then: rule.admission)
    }

    private func budgets(for call: ToolCall, ruleLimits: [CompiledLimit], then decision: Decision) -> Evaluation {
        if ruleLimits.isEmpty && policyLimits.isEmpty { return .decided(decision) }
        var checks: [LimitCheck] = []
        checks.reserveCapacity(ruleLimits.count + policyLimits.count)
        for limits in [ruleLimits, policyLimits] {
            for limit in limits {
                switch limit.check(for: call) {
                case .success(let check): checks.append(check)
                case .failure(let refusal): return .decided(refusal.decision)
                }
            }
        }
        return .count(checks, then: decision)
    }

    /// Decides a call against a snapshot of counter state — the engine's logic as a pure
    /// function, for tests and `explain`. ``PolicyEngine`` does the same atomically on a store.
    public func decide(_ call: ToolCall, counters: [CounterKey: CounterLog], now: Date) -> Decision {
        switch evaluate(call) {
        case .decided(let decision):
            return decision
        case .count(let checks, let decision):
            let seconds = now.timeIntervalSince1970
            for check in checks {
                let log = counters[check.key] ?? CounterLog()
                let admission = log.admission(amount: check.amount, max: check.max, now: seconds,
                                              windowSeconds: check.windowSeconds, align: check.align)
                if case .exceeded(let retryAfter) = admission {
                    return Self.rateLimited(call, check: check, retryAfter: retryAfter)
                }
            }
            return decision
        }
    }

    /// The refusal for a call that does not fit a budget, phrased for the agent.
    public static func rateLimited(_ call: ToolCall, check: LimitCheck, retryAfter: TimeInterval?) -> Decision {
        let limit = check.limit
        let unit = limit.incrementFrom.map { "units of \($0)" } ?? "calls"
        let per = limit.scope == .global ? "in total" : "per \(limit.scope.rawValue)"
        let window = limit.align == .calendar ? "per calendar \(limit.window.humanDescription) (UTC)" : "per \(limit.window.humanDescription)"
        var reason = "tool '\(call.tool)' is rate limited: counter '\(limit.counter)' allows \(JSONValue.double(limit.max)) \(unit) \(window) \(per)"
        if let retryAfter {
            reason += "; retry in \(Self.formatSeconds(retryAfter))"
        } else {
            reason += "; this call alone (\(JSONValue.double(check.amount))) exceeds it"
        }
        return .rateLimited(reason: reason, retryAfter: retryAfter, rule: check.rule)
    }

    static func formatSeconds(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds.rounded(.up))
        if whole < 120 { return "\(max(whole, 1))s" }
        if whole < 7_200 { return "\((whole + 59) / 60)m" }
        return "\((whole + 3_599) / 3_600)h"
    }
}

/// The result of evaluating a call before counters are consulted.
public enum Evaluation: Sendable, Equatable {
    /// Nothing to count: this is the decision.
    case decided(Decision)
    /// The decision holds only if every budget has room.
    case count([LimitCheck], then: Decision)
}
