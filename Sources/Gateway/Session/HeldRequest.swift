import NIOCore

/// An agent's `tools/call` held for a person's approval: answered with a stream at once, kept
/// alive (and told of progress, when it sent a `progressToken`) until the gate decides.
struct HeldRequest {
    let output: AsyncStream<ReplyPart>.Continuation
    /// Fired when the agent's side goes away: the gate withdraws the request.
    let withdrawal: WithdrawalSignal
    let acceptsInterim: Bool
    let progressToken: RequestID?
    /// When the sweeper next sends a keep-alive (and a progress notification).
    var nextTick: ContinuousClock.Instant
    /// Progress notifications sent so far (each one's `progress` is one more).
    var ticks = 0
}
