/// When a dropped SSE stream is reopened, and when the client stops trying.
///
/// The pause is the server's own `retry:` when it sent one, else one second. A stream counts as
/// failed when it brought nothing and closed within ``healthyStreamDuration``; after more than
/// `maximumAttempts` failures in a row the stream is given up. A pure value, so the rule is
/// tested without a network, and the waiting itself happens on the connection's injected clock.
struct SSEReconnectSchedule: Sendable {
    static let defaultDelay = Duration.seconds(1)
    /// A stream that stayed open this long was healthy, even if it brought nothing.
    static let healthyStreamDuration = Duration.seconds(30)

    let maximumAttempts: Int
    private(set) var failures = 0

    init(maximumAttempts: Int) {
        self.maximumAttempts = maximumAttempts
    }

    /// The pause before reopening a stream read by `parser`.
    static func delay(after parser: SSEParser) -> Duration {
        parser.reconnectionTime.map { .milliseconds($0) } ?? defaultDelay
    }

    /// Notes how a stream ended; true when it is time to give up.
    mutating func streamEnded(received: Int, openFor duration: Duration) -> Bool {
        let healthy = received > 0 || duration > Self.healthyStreamDuration
        failures = healthy ? 0 : failures + 1
        return failures > maximumAttempts
    }
}
