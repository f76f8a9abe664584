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
///
/// Its units are kept unless the upstream certainly did not act: it answered with a JSON-RPC
/// error (it says it did not), or the call was never written to it. A crash, a lost
/// connection or a timeout after the call was written may come after the tool ran — giving the
/// units back then would let a crashing upstream run any number of calls under a limit.
public enum CallEnd: Sendable, Equatable {
    /// The upstream returned a result (`isError` when the tool itself failed): units are kept.
    case result(isError: Bool)
    /// The upstream answered with a JSON-RPC error: units come back.
    case error(String)
    /// The call was never written to the upstream (it could not start, the session ended, the
    /// write failed, the agent left before an approved call went out): units come back.
    case notSent(String)
    /// Written to the upstream, then it crashed, the connection failed or it answered with
    /// something that is not a valid answer: it may have acted, so units are kept.
    case lost(String)
    /// No answer within the call timeout: units are kept (the upstream may still act).
    case timeout
    /// The agent cancelled or went away: the upstream may have acted, so units are kept.
    case cancelled

    /// Reserve, then commit or roll back: units come back only when the upstream did not act.
    var keepsUnits: Bool {
        switch self {
        case .result, .lost, .timeout, .cancelled: return true
        case .error, .notSent: return false
        }
    }
}
