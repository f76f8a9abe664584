import JSON

/// What the session holding an agent's request offers the approval gate while the call waits.
public struct HoldContext: Sendable {
    /// Sends `elicitation/create` with these params to the client on the held request's stream
    /// and returns the client's answer; nil when the client did not declare the elicitation
    /// capability (the gate then falls back to the queue).
    public var askUser: (@Sendable (_ params: JSONValue) async -> ElicitationAnswer)?
    /// The held request has ended on the agent's side (cancelled, disconnected, session closed):
    /// the gate withdraws it. Called at most once.
    public var withdrawn: WithdrawalSignal

    public init(askUser: (@Sendable (_ params: JSONValue) async -> ElicitationAnswer)? = nil,
                withdrawn: WithdrawalSignal = WithdrawalSignal()) {
        self.askUser = askUser
        self.withdrawn = withdrawn
    }

    /// For calls held where nobody can be asked at the client and nothing can withdraw them.
    public static var none: HoldContext { HoldContext() }
}

/// How the person at the client answered `elicitation/create`.
public enum ElicitationAnswer: Sendable, Equatable {
    /// `action: accept` with this content (may be absent).
    case accepted(JSONValue?)
    /// `decline` or `cancel`.
    case declined(action: String)
    /// The client answered with an error, or not at all.
    case failed(String)
    /// The question goes back to the agent in the answer itself (a 2026-07-28 `input_required`
    /// result); the person's answer comes on the retry, a new request.
    case deferred
}
