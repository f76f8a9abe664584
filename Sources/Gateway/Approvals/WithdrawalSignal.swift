import Foundation
import Store
import Synchronization

/// Tells a held call's gate that the agent's side went away, and why — once.
///
/// The session fires it (cancellation, disconnect, DELETE, shutdown); the gate waits on it next
/// to the store. Firing before anyone waits is remembered.
public final class WithdrawalSignal: Sendable {
    private struct State {
        var reason: String?
        var status = ApprovalStatus.withdrawn
        var waiters: [UUID: CheckedContinuation<String?, Never>] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Withdraws the call; later calls are ignored. `status` is how the request is closed:
    /// `withdrawn` (the agent went away) or `interrupted` (the gateway is shutting down).
    public func fire(_ reason: String, as status: ApprovalStatus = .withdrawn) {
        let waiters = state.withLock { state -> [CheckedContinuation<String?, Never>] in
            guard state.reason == nil else { return [] }
            state.reason = reason
            state.status = status
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: reason) }
    }

    /// Why the call was withdrawn, or nil while it was not.
    public var reason: String? { state.withLock { $0.reason } }

    /// How the withdrawn request is to be closed.
    var status: ApprovalStatus { state.withLock { $0.status } }

    /// The reason once the call is withdrawn; nil if the waiting task is cancelled first.
    func wait() async -> String? {
        let token = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> String?? in
                    if let reason = state.reason { return .some(reason) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[token] = continuation
                    return .none
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: token) }
            waiter?.resume(returning: nil)
        }
    }
}
