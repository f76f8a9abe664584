import Policy

/// A `tools/call` the policy let through: what to settle when it ends.
public struct AdmittedCall: Sendable {
    public var server: String
    public var call: ToolCall
    public var ruling: Ruling
    /// The engine that took the reservation, to give it back or keep it.
    var engine: PolicyEngine
    /// The call's audit row, completed with the outcome.
    public var auditID: Int64?
    /// When the decision was taken (the audit row's latency runs from here).
    public var decidedAt: ContinuousClock.Instant
}

/// What the policy and the approval gate say about a call.
public enum Admission: Sendable {
    /// Forward it; its audit row is durable.
    case forward(AdmittedCall)
    /// Answer the agent with this refusal; nothing reaches the upstream.
    case refuse(Refusal)
}

/// How a forwarded call ended, from the gateway's point of view.
public enum CallEnd: Sendable, Equatable {
    /// The upstream returned a result (`isError` when the tool itself failed): units are kept.
    case result(isError: Bool)
    /// The upstream answered with a JSON-RPC error: units come back.
    case error(String)
    /// The upstream crashed, could not be reached or could not take the message: units come back.
    case failed(String)
    /// No answer within the call timeout: units come back.
    case timeout
    /// The agent cancelled or went away: the upstream may have acted, so units are kept.
    case cancelled

    /// Reserve, then commit or roll back: only a call that may have run keeps its units.
    var keepsUnits: Bool {
        switch self {
        case .result, .cancelled: return true
        case .error, .failed, .timeout: return false
        }
    }
}
