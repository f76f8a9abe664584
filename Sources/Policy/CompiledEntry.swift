import JSON

/// One `require` or `deny_if` entry ready to decide: its conditions compiled, its denial built
/// once (the entry's `on_deny`, verbatim, and its pointer: `/tools/create_refund/deny_if/0`).
///
/// Within an entry every condition is read; how the answers combine depends on the list:
/// - `require` passes only when every condition holds. A missing argument, a wrong type, an
///   argument a parsing operator refuses: all fail it.
/// - `deny_if` denies when no condition is definitely false: each holds, or cannot be decided
///   (``CompiledCondition/denyIfReading(for:)``: a missing argument, a wrong type, an
///   argument a parsing operator cannot parse). To let a call without the argument through,
///   add `{"path": …, "op": "exists", "value": true}` to the entry. An entry without
///   conditions always denies.
struct CompiledEntry: Sendable {
    let kind: EntryKind
    let conditions: [CompiledCondition]
    let reference: RuleReference
    /// The decision when `on_deny` was written; nil when the reason is worded per call.
    private let fixedDenial: Decision?
    private let tool: String
    private let index: Int

    /// The entries of one list, each at `/tools/KEY/<kind>/<index>`.
    static func compile(_ entries: [ConditionEntry], kind: EntryKind, tool: String,
                        at rulePointer: JSONPointer) throws(PolicyError) -> [CompiledEntry] {
        var compiled: [CompiledEntry] = []
        for (index, entry) in entries.enumerated() {
            compiled.append(try CompiledEntry(entry, kind: kind, tool: tool, index: index,
                                              at: rulePointer.appending(kind.rawValue).appending(index)))
        }
        return compiled
    }

    init(_ entry: ConditionEntry, kind: EntryKind, tool: String, index: Int, at pointer: JSONPointer) throws(PolicyError) {
        self.kind = kind
        self.tool = tool
        self.index = index
        reference = RuleReference(pointer: pointer)
        var conditions: [CompiledCondition] = []
        for (index, condition) in entry.conditions.enumerated() {
            conditions.append(try CompiledCondition(condition, at: pointer.appending("conditions").appending(index)))
        }
        self.conditions = conditions
        fixedDenial = entry.onDeny.map { .deny(reason: $0, rule: RuleReference(pointer: pointer)) }
    }

    /// The denial of `call` by this entry, or nil when the entry lets it pass.
    func denial(of call: ToolCall) -> Decision? {
        switch kind {
        case .require:
            for condition in conditions {
                guard let failure = condition.failure(for: call.arguments) else { continue }
                return fixedDenial ?? worded("not met: \(condition.summary)", failure)
            }
            return nil
        case .denyIf:
            var undecided: (CompiledCondition, ConditionFailure)?
            for condition in conditions {
                switch condition.denyIfReading(for: call.arguments) {
                case .holds: continue
                case .doesNotHold: return nil
                case .undecided(let failure): undecided = undecided ?? (condition, failure)
                }
            }
            if let fixedDenial { return fixedDenial }
            if let (condition, failure) = undecided {
                return worded("cannot tell whether \(condition.summary), so it denies", failure)
            }
            let holds = conditions.isEmpty ? "denies every call" : "holds: " + conditions.map(\.summary).joined(separator: " and ")
            return worded(holds, nil)
        }
    }

    /// The reason when the author wrote no `on_deny`: which entry, and why.
    private func worded(_ what: String, _ failure: ConditionFailure?) -> Decision {
        var reason = "tool '\(tool)' refused: \(kind.rawValue) entry \(index) \(what)"
        if let why = failure?.explanation { reason += ": the argument \(why)" }
        return .deny(reason: reason, rule: reference)
    }
}
