import Foundation
import Synchronization

/// Where the engine gets the time. Injected, so tests can walk through windows exactly.
public protocol TimeSource: Sendable {
    func now() -> Date
}

/// The system's wall clock (UTC; calendar windows align to UTC boundaries).
public struct SystemTimeSource: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stands still until told to move — for tests and replays.
public final class ManualTimeSource: TimeSource {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    public func now() -> Date {
        current.withLock { $0 }
    }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }

    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
