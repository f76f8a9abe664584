/// What an upstream connection reports, in order: messages, then exactly one `.closed`.
public enum UpstreamEvent: Sendable {
    case message(UpstreamMessage)
    /// The connection is over; no more events follow.
    case closed(UpstreamClosure)
}
