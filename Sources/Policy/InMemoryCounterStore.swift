import Foundation
import Synchronization

/// Counters in this process's memory: exact under any concurrency (one lock around each
/// check-and-take), lost on restart. For tests, benchmarks and single-process setups that do
/// not need limits to survive a restart.
public final class InMemoryCounterStore: CounterStore {
    private struct State {
        var logs: [CounterKey: CounterLog] = [:]
        /// How each key was last checked, so an idle sweep can prune it.
        var windows: [CounterKey: (seconds: Double, align: WindowAlignment)] = [:]
        var nextReservation: UInt64 = 0
        var reservationsSinceSweep = 0
    }

    private let state = Mutex(State())
    /// Every this many reservations, logs of idle keys are pruned so memory stays bounded.
    private let sweepInterval = 4_096

    public init() {}

    public func reserve(_ checks: [LimitCheck], at now: Date) -> ReservationOutcome {
        let seconds = now.timeIntervalSince1970
        return state.withLock { state in
            for check in checks {
                // Mutate in place: copying a log out of the dictionary would copy its entries.
                let admission = state.logs[check.key, default: CounterLog()].pruneAndAdmit(check, now: seconds)
                if case .exceeded(let retryAfter) = admission {
                    return .exceeded(check, retryAfter: retryAfter)
                }
            }
            state.nextReservation += 1
            let id = String(state.nextReservation)
            for check in checks {
                state.logs[check.key, default: CounterLog()].append(
                    CounterLog.Entry(time: seconds, amount: check.amount, reservation: id))
                state.windows[check.key] = (check.windowSeconds, check.align)
            }
            state.reservationsSinceSweep += 1
            if state.reservationsSinceSweep >= sweepInterval {
                Self.sweep(&state, now: seconds)
            }
            return .reserved(Reservation(id: id, keys: checks.map(\.key)))
        }
    }

    public func commit(_ reservation: Reservation) {}

    public func rollback(_ reservation: Reservation) {
        state.withLock { state in
            for key in reservation.keys {
                state.logs[key]?.remove(reservation: reservation.id)
            }
        }
    }

    public func usage(of key: CounterKey, windowSeconds: Double, align: WindowAlignment, at now: Date) -> Double {
        state.withLock { state in
            state.logs[key]?.used(now: now.timeIntervalSince1970, windowSeconds: windowSeconds, align: align) ?? 0
        }
    }

    /// A copy of every log, for ``CompiledPolicy/decide(_:counters:now:)`` and tests.
    public func snapshot() -> [CounterKey: CounterLog] {
        state.withLock { $0.logs }
    }

    private static func sweep(_ state: inout State, now: Double) {
        state.reservationsSinceSweep = 0
        for (key, window) in state.windows {
            state.logs[key]?.prune(now: now, windowSeconds: window.seconds, align: window.align)
            if state.logs[key]?.isEmpty ?? true {
                state.logs[key] = nil
                state.windows[key] = nil
            }
        }
    }
}
