/// Which timeout a client connection is under, as its requests come and go — the rules of
/// `limits.headerTimeoutSeconds`, `bodyTimeoutSeconds` and `connectionIdleSeconds`:
///
/// - from the connection's start, or a new request's first byte, until its header is complete:
///   the header timeout;
/// - from the header until the body's last byte: the body timeout;
/// - while a response is being written (an SSE stream included, however long): none — the
///   call's own timeout bounds it;
/// - when no request is in progress (kept alive between requests): the idle timeout.
///
/// Pure: times come in as values (nanoseconds on any monotonic clock), so tests need no clock.
struct ConnectionDeadlines: Equatable {
    enum Phase: Equatable {
        case readingHead
        case readingBody
        case responding
        case idle
    }

    struct Timeouts: Equatable {
        var header: Int64
        var body: Int64
        var idle: Int64
    }

    let timeouts: Timeouts
    private(set) var phase: Phase = .readingHead
    /// When the connection is closed unless the phase moves on; nil while responding.
    private(set) var deadline: Int64?
    /// Requests read whose response has not ended (more than one when a client pipelines).
    private var unanswered = 0

    /// A connection opened at `now`.
    init(timeouts: Timeouts, openedAt now: Int64) {
        self.timeouts = timeouts
        deadline = now + timeouts.header
    }

    /// Bytes arrived: between requests, they start the next one's header.
    mutating func bytesArrived(at now: Int64) {
        guard phase == .idle else { return }
        phase = .readingHead
        deadline = now + timeouts.header
    }

    /// A request's header was read.
    mutating func headReceived(at now: Int64) {
        phase = .readingBody
        unanswered += 1
        deadline = now + timeouts.body
    }

    /// A request's body was read to its end.
    mutating func requestEnded(at now: Int64) {
        phase = .responding
        deadline = nil
    }

    /// A response was written to its end.
    mutating func responseEnded(at now: Int64) {
        unanswered = max(unanswered - 1, 0)
        guard unanswered == 0, phase == .responding else { return }
        phase = .idle
        deadline = now + timeouts.idle
    }

    /// Whether the connection must be closed at `now`.
    func hasExpired(at now: Int64) -> Bool {
        deadline.map { now >= $0 } ?? false
    }
}
