import NIOCore

/// An agent's request forwarded upstream and not yet answered.
struct PendingRequest {
    let id: RequestID
    let method: String
    let output: AsyncStream<ReplyPart>.Continuation
    /// False when the agent accepts only a JSON reply: interim messages go elsewhere.
    let acceptsInterim: Bool
    /// Which upstream connection carries it; a crash fails only that connection's requests.
    let generation: Int
    /// Arrival order, to find the newest request in flight.
    let sequence: Int
    let deadline: ContinuousClock.Instant
    let progressToken: RequestID?
    /// When the sweeper next sends a keep-alive, if the request is still waiting.
    var nextKeepAlive: ContinuousClock.Instant
    /// Set for an admitted `tools/call`: what to settle when it ends.
    var call: AdmittedCall?
    /// A `tools/list` asking for a later page (`params.cursor`): its tools join the earlier pages'.
    var continuesListing = false
    /// `tools/list`: the result is filtered before the agent sees it.
    var filtersTools: Bool { method == "tools/list" }
}
