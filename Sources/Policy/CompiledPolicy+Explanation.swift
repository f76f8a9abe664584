import JSON

extension CompiledPolicy {
    /// A decision on `call` as JSON — what `gatehouse explain --json` prints and
    /// `POST /api/policies/explain` returns: `tool`, `decision`, `rule` (the deciding rule's
    /// JSON pointer), `ruleKey` (the exact name or pattern that matched, or null for the
    /// default), `reason`, `retryAfter` (rate limited), `approver` (require_approval), and
    /// `listed` (whether `tools/list` shows the tool).
    public func explanation(of decision: Decision, for call: ToolCall) -> JSONValue {
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
        return .object(members)
    }
}
