/// The time sessions and their registry go by: instants of the continuous clock, read from an
/// injected clock so that tests move time themselves (deadlines, keep-alives, idle expiry).
public struct SessionClock: Sendable {
    /// The current instant.
    public let now: @Sendable () -> ContinuousClock.Instant
    /// Sleeps for a duration of the injected clock.
    public let sleep: @Sendable (Duration) async throws -> Void

    /// Time from `clock`, as continuous-clock instants counted from when this was made.
    public init<C: Clock<Duration>>(_ clock: C) {
        let origin = clock.now
        let base = ContinuousClock.now
        now = { base + origin.duration(to: clock.now) }
        sleep = { duration in try await clock.sleep(until: clock.now.advanced(by: duration), tolerance: nil) }
    }

    /// The wall's monotonic time.
    public static let continuous = SessionClock(ContinuousClock())
}
