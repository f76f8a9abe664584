import JSON

/// How much of one budget is used: what `explain --repeat` shows.
public struct BudgetUse: Sendable, Equatable {
    public var check: LimitCheck
    /// Units used in the window ending now.
    public var used: Double

    public init(check: LimitCheck, used: Double) {
        self.check = check
        self.used = used
    }

    public var json: JSONValue {
        let limit = check.limit
        var members: JSONObject = [
            "rule": .string(check.rule.description), "counter": .string(limit.counter), "window": limit.window.json,
            "max": .number(limit.max), "scope": .string(limit.scope.rawValue), "used": .number(used),
            "remaining": .number(Swift.max(0, limit.max - used)),
        ]
        if let incrementFrom = limit.incrementFrom { members["increment_from"] = .string(incrementFrom.description) }
        return .object(members)
    }
}

extension CompiledPolicy {
    /// A decision on `call` as JSON — what `gatehouse explain --json` prints and
    /// `POST /api/policies/explain` returns: `tool`, `decision`, `rule` (the deciding rule's
    /// JSON pointer), `ruleKey` (the exact name or pattern that matched, or null for the
    /// default), `reason`, `retryAfter` (rate limited), `approver` (require_approval), `listed`
    /// (whether `tools/list` shows the tool), and `limits`: the budgets the call counts
    /// against, with what is used of each (``PolicyEngine/budgetUse(for:)``).
    public func explanation(of decision: Decision, for call: ToolCall, budgets: [BudgetUse] = []) -> JSONValue {
        var members = JSONObject()
        members["tool"] = .string(call.tool)
        members["decision"] = .string(decision.name)
        members["rule"] = .string(decision.rule.description)
        members["ruleKey"] = ruleKey(for: call.tool).map(JSONValue.string) ?? .null
        members["reason"] = decision.reason.map(JSONValue.string) ?? .null
        if case .rateLimited(_, let retryAfter, _) = decision {
            members["retryAfter"] = retryAfter.map(JSONValue.double) ?? .null
        }
        if case .requireApproval(_, let approval) = decision {
            members["approver"] = .string(approval.approver.rawValue)
        }
        members["listed"] = .bool(isListed(call.tool))
        members["limits"] = .array(budgets.map(\.json))
        return .object(members)
    }
}
