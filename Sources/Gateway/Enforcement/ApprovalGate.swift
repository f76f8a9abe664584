import Policy

/// Where a call that needs a person's approval waits for one.
///
/// The seam for the approvals feature (issue 6): the enforcer hands every `require_approval`
/// decision to the gate and forwards the call only if the gate approves. Until approvals
/// exist, ``UnavailableApprovals`` refuses every such call with a clear reason.
public protocol ApprovalGate: Sendable {
    /// Holds the call until it is approved or refused (or the gate gives up).
    func decide(_ call: ToolCall, server: String, rule: RuleReference, options: ApprovalOptions) async -> ApprovalVerdict
}

/// What became of a held call.
public enum ApprovalVerdict: Sendable, Equatable {
    case approved(by: String)
    case refused(reason: String)
}

/// The gate in force until approvals exist: refuses at once, saying why.
public struct UnavailableApprovals: ApprovalGate {
    public init() {}

    public func decide(_ call: ToolCall, server: String, rule: RuleReference, options: ApprovalOptions) async -> ApprovalVerdict {
        .refused(reason: Refusal.approvalUnavailableReason(tool: call.tool))
    }
}
