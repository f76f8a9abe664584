import Foundation

/// A decision together with the budget units it took, which the caller settles later.
public struct Ruling: Sendable, Equatable {
    public var decision: Decision
    /// Units taken for an allowed or approval-pending call; nil when nothing was counted.
    public var reservation: Reservation?

    public init(decision: Decision, reservation: Reservation? = nil) {
        self.decision = decision
        self.reservation = reservation
    }
}

/// How a call that was let through ended, to settle its reservation.
public enum CallOutcome: Sendable {
    /// It ran: its units stay spent.
    case completed
    /// It failed before doing anything (upstream error, refused approval): units come back.
    case failed
}

/// Decides calls: a compiled policy, a counter store and a clock.
///
/// A call's budgets are reserved atomically with the decision; the caller settles the
/// reservation when the call ends (``settle(_:outcome:)``), so a call that fails upstream
/// gives its unit back. When the store cannot be reached, calls are denied: fail closed.
public struct PolicyEngine: Sendable {
    public let policy: CompiledPolicy
    public let counters: any CounterStore
    public let clock: any TimeSource

    public init(policy: CompiledPolicy, counters: any CounterStore, clock: any TimeSource = SystemTimeSource()) {
        self.policy = policy
        self.counters = counters
        self.clock = clock
    }

    /// The reason given to agents when counter state cannot be read or written.
    public static let stateUnavailableReason = "policy state unavailable: the gateway cannot read its rate-limit counters, so the call is refused"

    public func decide(_ call: ToolCall) async -> Ruling {
        switch policy.evaluate(call) {
        case .decided(let decision):
            return Ruling(decision: decision)
        case .count(let checks, let decision):
            do {
                switch try await counters.reserve(checks, at: clock.now()) {
                case .reserved(let reservation):
                    return Ruling(decision: decision, reservation: reservation)
                case .exceeded(let check, let retryAfter):
                    return Ruling(decision: CompiledPolicy.rateLimited(call, check: check, retryAfter: retryAfter))
                }
            } catch {
                return Ruling(decision: .deny(reason: Self.stateUnavailableReason, rule: decision.rule))
            }
        }
    }

    /// The budgets `call` counts against and how much of each is used now (none when the call
    /// is decided before its limits, e.g. hidden or denied by a condition). For `explain`; an
    /// unreadable counter reads as 0.
    public func budgetUse(for call: ToolCall) async -> [BudgetUse] {
        guard case .count(let checks, _) = policy.evaluate(call) else { return [] }
        let now = clock.now()
        var uses: [BudgetUse] = []
        for check in checks {
            let used = (try? await counters.usage(of: check.key, windowSeconds: check.windowSeconds, align: check.align, at: now)) ?? 0
            uses.append(BudgetUse(check: check, used: used))
        }
        return uses
    }

    /// Keeps or gives back the units a ruling took. Errors are reported, not thrown: the call
    /// is over either way, and a unit not given back errs on the safe side.
    @discardableResult
    public func settle(_ ruling: Ruling, outcome: CallOutcome) async -> Error? {
        guard let reservation = ruling.reservation else { return nil }
        do {
            switch outcome {
            case .completed: try await counters.commit(reservation)
            case .failed: try await counters.rollback(reservation)
            }
            return nil
        } catch {
            return error
        }
    }
}
