import Foundation

/// Identifies one budget: a counter, for one grant, one session, or everyone.
public struct CounterKey: Sendable, Hashable, CustomStringConvertible {
    public var counter: String
    public var scope: LimitScope
    /// The grant or session the budget belongs to; `*` for global counters.
    public var subject: String

    public init(counter: String, scope: LimitScope, subject: String) {
        self.counter = counter
        self.scope = scope
        self.subject = subject
    }

    /// `updateoneconnectedaccount_rate@grant:alice`
    public var description: String { "\(counter)@\(scope.rawValue):\(subject)" }
}

/// One budget a call must fit in: `amount` more units on `key`, at most `max` per window.
public struct LimitCheck: Sendable, Equatable {
    public var key: CounterKey
    public var windowSeconds: Double
    public var align: WindowAlignment
    public var max: Double
    public var amount: Double
    /// The limit in the policy (`/tools/X/limits/0`), named in a refusal.
    public var rule: RuleReference
    /// The limit as written, for messages.
    public var limit: Limit

    public init(key: CounterKey, limit: Limit, amount: Double, rule: RuleReference) {
        self.key = key
        self.windowSeconds = limit.window.seconds
        self.align = limit.align
        self.max = limit.max
        self.amount = amount
        self.rule = rule
        self.limit = limit
    }

    /// When an entry admitted at `now` stops counting: a window later (rolling), or at the
    /// end of the current calendar window.
    public func entryExpiry(at now: Double) -> Double {
        switch align {
        case .rolling: return now + windowSeconds
        case .calendar: return CounterLog.windowStart(now: now, windowSeconds: windowSeconds, align: .calendar) + windowSeconds
        }
    }
}

/// Units taken from one or more budgets by one call, to be committed or given back.
public struct Reservation: Sendable, Hashable {
    /// Unique per store (and across processes for shared stores).
    public var id: String
    public var keys: [CounterKey]

    public init(id: String, keys: [CounterKey]) {
        self.id = id
        self.keys = keys
    }
}

/// What a store answers to a reservation request.
public enum ReservationOutcome: Sendable, Equatable {
    /// Every check fit; the units are taken.
    case reserved(Reservation)
    /// This check did not fit; nothing was taken. `retryAfter` is nil when it can never fit.
    case exceeded(LimitCheck, retryAfter: TimeInterval?)
}

/// Where rate-limit state lives. Implementations must be exact under concurrency: a
/// reservation checks and takes all its units atomically, across every caller of the store.
public protocol CounterStore: Sendable {
    /// Takes `amount` units from every check's budget, or none if any would overflow.
    func reserve(_ checks: [LimitCheck], at now: Date) async throws -> ReservationOutcome
    /// Keeps the units for good (the call went through).
    func commit(_ reservation: Reservation) async throws
    /// Gives the units back (the call failed upstream or was refused by a person).
    func rollback(_ reservation: Reservation) async throws
    /// Units used in the window ending at `now` (for `explain` and dashboards).
    func usage(of key: CounterKey, windowSeconds: Double, align: WindowAlignment, at now: Date) async throws -> Double
    /// Deletes what expired by `now` and that no reservation prunes by itself (the entries of
    /// keys nobody calls any more). The stores' background loop calls it now and then.
    func sweep(at now: Date) async throws
}

extension CounterStore {
    /// Nothing to sweep: a store that prunes as it goes, or keeps nothing for long.
    public func sweep(at now: Date) async throws {}
}
