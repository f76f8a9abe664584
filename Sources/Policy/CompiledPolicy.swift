import Foundation
import JSON

/// A policy ready to decide calls: an immutable value built once when the policy loads.
///
/// Deciding is a dictionary lookup (exact names), a scan of precompiled patterns in precedence
/// order, a few comparisons for conditions, and a list of budgets to count against.
public struct CompiledPolicy: Sendable {
    public let document: PolicyDocument
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
        policyLimits = document.limits.enumerated().map { index, limit in
            CompiledLimit(limit, rule: RuleReference(pointer: JSONPointer(["limits", String(index)])))
        }
    }

    /// Checks and compiles policy text in one step.
    public init(text: String, source: String? = nil) throws(PolicyError) {
        try self.init(PolicyChecker.load(text: text, source: source))
    }

    /// Built once: a default denial is the commonest decision and should cost no allocation.
    static let defaultDenial = Decision.deny(
        reason: "no rule allows this tool and the policy's default is deny", rule: .defaultRule)

    /// The rule key that governs `tool` (exact name or winning pattern), or nil for the default.
    public func ruleKey(for tool: String) -> String? {
        rule(for: tool)?.key
    }

    func rule(for tool: String) -> CompiledRule? {
        if let rule = exactRules[tool] { return rule }
        return patternRules.firstMatch(for: tool)
    }

    /// Whether `tools/list` shows the tool to agents: hidden and denied tools are removed.
    public func isListed(_ tool: String) -> Bool {
        guard let rule = rule(for: tool) else { return document.defaultAction == .allow }
        return !rule.hide && rule.action != .deny
    }

    /// Everything about a call that does not depend on counters: a final decision, or the
    /// budgets to count against before the given decision holds.
    public func evaluate(_ call: ToolCall) -> Evaluation {
        guard let rule = rule(for: call.tool) else {
            if document.defaultAction == .deny {
                return .decided(Self.defaultDenial)
            }
            return budgets(for: call, ruleLimits: [], then: .allow(rule: .defaultRule))
        }
        if let denial = rule.denial {
            return .decided(denial)
        }
        for (index, condition) in rule.conditions.enumerated() {
            guard let failure = condition.failure(for: call.arguments) else { continue }
            var unmet = "condition \(index) not met: \(condition.summary)"
            if let why = failure.explanation { unmet += ": the argument \(why)" }
            let reason = rule.reason.map { "\($0) (\(unmet))" } ?? "tool '\(call.tool)' refused: \(unmet)"
            return .decided(.deny(reason: reason, rule: rule.reference))
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

// MARK: - Compiled parts

/// A class: rules are looked up on every call, and copying a struct this size costs more than the lookup.
final class CompiledRule: Sendable {
    let key: String
    let pattern: ToolPattern
    let reference: RuleReference
    let action: RuleAction
    let hide: Bool
    let reason: String?
    let conditions: [CompiledCondition]
    let limits: [CompiledLimit]
    let approval: ApprovalOptions
    /// The refusal for a hidden or denied tool, built once.
    let denial: Decision?
    /// What the rule decides once conditions and limits pass, built once.
    let admission: Decision

    init(key: String, rule: ToolRule) throws(PolicyError) {
        guard let pattern = ToolPattern(key) else {
            throw PolicyError(problems: [PolicyProblem(at: JSONPointer(["tools", key]), "a tool key must not be empty")])
        }
        self.key = key
        self.pattern = pattern
        reference = .tool(key)
        action = rule.effectiveAction
        hide = rule.hide
        reason = rule.reason
        var conditions: [CompiledCondition] = []
        for (index, condition) in rule.conditions.enumerated() {
            conditions.append(try CompiledCondition(condition, at: JSONPointer(["tools", key, "conditions", String(index)])))
        }
        self.conditions = conditions
        var limits = rule.limits.enumerated().map { index, limit in
            CompiledLimit(limit, rule: RuleReference(pointer: JSONPointer(["tools", key, "limits", String(index)])))
        }
        if let shorthand = rule.rateLimit {
            limits.append(CompiledLimit(shorthand.expanded(ruleKey: key),
                                        rule: RuleReference(pointer: JSONPointer(["tools", key, "rate_limit"]))))
        }
        self.limits = limits
        approval = rule.approval ?? ApprovalOptions()
        let subject = pattern.isPattern ? "tools matching '\(key)' are" : "tool '\(key)' is"
        if rule.hide {
            denial = .deny(reason: rule.reason ?? "\(subject) hidden by policy", rule: reference)
        } else if rule.effectiveAction == .deny {
            denial = .deny(reason: rule.reason ?? "\(subject) denied by policy", rule: reference)
        } else {
            denial = nil
        }
        admission = action == .requireApproval ? .requireApproval(rule: reference, approval: approval) : .allow(rule: reference)
    }
}

struct CompiledLimit: Sendable {
    let limit: Limit
    let rule: RuleReference

    init(_ limit: Limit, rule: RuleReference) {
        self.limit = limit
        self.rule = rule
    }

    /// The budget this call counts against, or a refusal when the amount cannot be read.
    func check(for call: ToolCall) -> Result<LimitCheck, DecisionRefusal> {
        let subject: String
        switch limit.scope {
        case .grant: subject = call.grant
        case .session: subject = call.session
        case .global: subject = "*"
        }
        var amount = 1.0
        if let path = limit.incrementFrom {
            guard let value = path.resolve(in: call.arguments)?.numberValue, value.isFinite, value >= 0 else {
                return .failure(DecisionRefusal(.deny(
                    reason: "tool '\(call.tool)' refused: counter '\(limit.counter)' counts \(path), which must be a non-negative number in the call's arguments",
                    rule: rule)))
            }
            amount = value
        }
        let key = CounterKey(counter: limit.counter, scope: limit.scope, subject: subject)
        return .success(LimitCheck(key: key, limit: limit, amount: amount, rule: rule))
    }
}

/// A decision made while building budgets (an unreadable amount), carried as an error value.
struct DecisionRefusal: Error {
    let decision: Decision
    init(_ decision: Decision) { self.decision = decision }
}
