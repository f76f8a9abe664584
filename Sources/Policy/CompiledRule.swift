import JSON

/// A tool rule ready to decide: its conditions, entries and limits compiled, its refusals and
/// its admission built once.
///
/// A class: rules are looked up on every call, and copying a struct this size costs more than the lookup.
final class CompiledRule: Sendable {
    let key: String
    let pattern: ToolPattern
    let reference: RuleReference
    let action: RuleAction
    let hide: Bool
    let reason: String?
    let conditions: [CompiledCondition]
    /// `deny_if`, then `require`, in file order (see ``verdict(for:)``).
    let denyIf: [CompiledEntry]
    let require: [CompiledEntry]
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
        let pointer = JSONPointer(["tools", key])
        var conditions: [CompiledCondition] = []
        for (index, condition) in rule.conditions.enumerated() {
            conditions.append(try CompiledCondition(condition, at: pointer.appending("conditions").appending(index)))
        }
        self.conditions = conditions
        denyIf = try CompiledEntry.compile(rule.denyIf ?? [], kind: .denyIf, tool: key, at: pointer)
        require = try CompiledEntry.compile(rule.require ?? [], kind: .require, tool: key, at: pointer)
        var limits = rule.limits.enumerated().map { index, limit in
            CompiledLimit(limit, rule: RuleReference(pointer: pointer.appending("limits").appending(index)))
        }
        if let shorthand = rule.rateLimit {
            limits.append(CompiledLimit(shorthand.expanded(ruleKey: key), rule: RuleReference(pointer: pointer.appending("rate_limit"))))
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

    /// Whether `tools/list` shows the tool. A tool a `deny_if` entry without conditions blocks
    /// stays listed, as PolicyLayer's "deny" keeps it visible; `action: deny` removes it.
    var isListed: Bool { !hide && action != .deny }

    /// The refusal of `call` by the rule's own tests, or nil when they pass: `deny_if` entries
    /// first (the first that holds denies), then `require` entries (the first that fails
    /// denies), then the rule's `conditions` (the first that fails denies with `reason`).
    ///
    /// Every test must pass for the call to go on, so the order only chooses which refusal the
    /// agent reads: a prohibition before a missing precondition, so that an agent told to add
    /// a reason is not refused again for the amount.
    func refusal(of call: ToolCall) -> Decision? {
        for entry in denyIf {
            if let denial = entry.denial(of: call) { return denial }
        }
        for entry in require {
            if let denial = entry.denial(of: call) { return denial }
        }
        for (index, condition) in conditions.enumerated() {
            guard let failure = condition.failure(for: call.arguments) else { continue }
            var unmet = "condition \(index) not met: \(condition.summary)"
            if let why = failure.explanation { unmet += ": the argument \(why)" }
            let reason = reason.map { "\($0) (\(unmet))" } ?? "tool '\(call.tool)' refused: \(unmet)"
            return .deny(reason: reason, rule: reference)
        }
        return nil
    }
}
