import Foundation
import Synchronization

/// Keeps every PostgreSQL operation bounded in time, and refuses at once while the database is
/// known to be down — so a gateway whose database vanished answers "policy state unavailable"
/// quickly instead of queueing every call behind a pool that keeps failing to connect.
///
/// The pool of `PostgresClient` waits for a connection for up to a minute before it gives up;
/// an operation here gives up after ``operationTimeout``, or as soon as a probe finds the
/// database down (``markDown(_:)`` fails every operation in flight). ``markUp()`` — a probe
/// answered — lets operations through again: the pool reconnects by itself.
final class PostgresAvailability: Sendable {
    /// The longest any one operation (a lease, its queries, the commit) may take.
    let operationTimeout: Duration
    /// What deadlines are timed on (tests pass a clock they advance).
    let clock: any Clock<Duration>
    private let state = Mutex(State())

    private struct State {
        var health = StoreHealth(kind: "postgres", isUp: true)
        var nextID: UInt64 = 0
        var inFlight: [UInt64: @Sendable (StoreError) -> Void] = [:]
    }

    init(operationTimeout: Duration = .seconds(10), clock: any Clock<Duration> = ContinuousClock()) {
        self.operationTimeout = operationTimeout
        self.clock = clock
    }

    var health: StoreHealth { state.withLock { $0.health } }

    /// Records a failed probe; returns true when this is news (the database was up).
    @discardableResult
    func markDown(_ error: String, message: String) -> Bool {
        let (wasUp, waiting) = state.withLock { state -> (Bool, [@Sendable (StoreError) -> Void]) in
            let wasUp = state.health.isUp
            state.health = StoreHealth(kind: "postgres", isUp: false, since: wasUp ? Date() : state.health.since, error: error)
            let waiting = Array(state.inFlight.values)
            state.inFlight.removeAll()
            return (wasUp, waiting)
        }
        for fail in waiting { fail(.unavailable(message)) }
        return wasUp
    }

    /// Records a successful probe; returns true when this is news (the database was down).
    @discardableResult
    func markUp() -> Bool {
        state.withLock { state in
            guard !state.health.isUp else { return false }
            state.health = StoreHealth(kind: "postgres", isUp: true, since: Date())
            return true
        }
    }

    /// Throws while the database is known down.
    func refuseWhileDown(_ area: String) throws(StoreError) {
        let health = health
        guard health.isUp else { throw StoreError.unavailable("\(area): the database is unreachable (\(health.error ?? "no answer"))") }
    }

    /// Runs `operation` unless the database is known down; gives up after `timeout` (default
    /// ``operationTimeout``) or when the database is found down meanwhile. The operation is
    /// cancelled then, and never awaited: a query stuck on a dead connection cannot hold the caller.
    func run<T: Sendable>(
        _ area: String, timeout: Duration? = nil, ignoringKnownOutage: Bool = false,
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws(StoreError) -> T {
        let limit = timeout ?? operationTimeout
        let race = DeadlineRace<T>()
        let id = state.withLock { state -> UInt64? in
            if !state.health.isUp && !ignoringKnownOutage { return nil }
            state.nextID += 1
            state.inFlight[state.nextID] = { error in race.finish(.failure(error)) }
            return state.nextID
        }
        guard let id else {
            try refuseWhileDown(area)
            throw StoreError.unavailable("\(area): the database is unreachable")
        }
        defer { _ = state.withLock { $0.inFlight.removeValue(forKey: id) } }
        let result = await race.run(limit: limit, on: clock, timeoutError: .unavailable("\(area): no answer from the database within \(limit)"),
                                    operation, failure: { error in Self.storeError(error, area: area) })
        return try result.get()
    }

    static func storeError(_ error: any Error, area: String) -> StoreError {
        if let storeError = error as? StoreError { return storeError }
        return .unavailable("\(area): \(String(reflecting: error))")
    }
}
