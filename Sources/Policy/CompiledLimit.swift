import JSON

/// A limit ready to count: the limit as written and where it is written.
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
