import Policy

/// Where a call that needs a person's approval waits for one.
///
/// The enforcer hands every `require_approval` decision to the gate and forwards the call only
/// if the gate approves. ``ApprovalDesk`` is the real gate (the queue, the person at the
/// client, remembered decisions); ``UnavailableApprovals`` refuses every such call, for
/// embedders that run without a store of approvals.
public protocol ApprovalGate: Sendable {
    /// Holds the call until it is approved or refused (or the gate gives up). `hold` is what
    /// the session holding the agent's request offers: asking the person at the client.
    func decide(_ call: ToolCall, server: String, rule: RuleReference, options: ApprovalOptions, hold: HoldContext) async -> ApprovalVerdict
    /// How long a question put to the person at a 2026-07-28 client stays answerable (its
    /// signed `requestState` expires then).
    var answerWindow: Duration { get }
}

extension ApprovalGate {
    public var answerWindow: Duration { .seconds(300) }
}

/// What became of a held call.
public enum ApprovalVerdict: Sendable, Equatable {
    case approved(by: String)
    case refused(reason: String)
}

/// The gate for gateways without approvals: refuses at once, saying why.
public struct UnavailableApprovals: ApprovalGate {
    public init() {}

    public func decide(_ call: ToolCall, server: String, rule: RuleReference, options: ApprovalOptions, hold: HoldContext) async -> ApprovalVerdict {
        .refused(reason: Refusal.approvalUnavailableReason(tool: call.tool))
    }
}
