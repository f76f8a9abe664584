import Foundation
import Synchronization

/// Wakes tasks waiting for an approval's decision in this process.
///
/// A store signals it when a decision is written here, or when it learns of one written
/// elsewhere (PostgreSQL NOTIFY). Waiters also re-read the store on a short period, so a
/// decision written by another process without a notification is never missed.
final class DecisionSignal: Sendable {
    private struct State {
        var waiters: [String: [UUID: CheckedContinuation<Void, Never>]] = [:]
        /// Tasks told when a wait begins (``nextWait(on:)``), with the id they ask about (nil: any).
        var watchers: [(token: UUID, id: String?, continuation: CheckedContinuation<String?, Never>)] = []
    }

    private let state = Mutex(State())

    /// Wakes every task waiting on `id`.
    func signal(_ id: String) {
        let woken = state.withLock { $0.waiters.removeValue(forKey: id) ?? [:] }
        for continuation in woken.values { continuation.resume() }
    }

    /// Returns once a task waits on `id` (or on any request, for nil), with the id it waits on:
    /// what a test awaits before deciding, so the decision is seen to wake a waiter. Returns nil
    /// when the task is cancelled — a waiter that never comes (the caller gave up before it
    /// waited) must not hold the watcher for ever.
    func nextWait(on id: String? = nil) async -> String? {
        let token = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
                let (waitingOn, cancelled) = state.withLock { state -> (String?, Bool) in
                    if Task.isCancelled { return (nil, true) }
                    let found = id.map { state.waiters[$0]?.isEmpty == false ? $0 : nil } ?? state.waiters.first { !$0.value.isEmpty }?.key
                    if found == nil { state.watchers.append((token, id, continuation)) }
                    return (found, false)
                }
                if cancelled || waitingOn != nil { continuation.resume(returning: waitingOn) }
            }
        } onCancel: {
            let watcher = state.withLock { state -> CheckedContinuation<String?, Never>? in
                guard let index = state.watchers.firstIndex(where: { $0.token == token }) else { return nil }
                return state.watchers.remove(at: index).continuation
            }
            watcher?.resume(returning: nil)
        }
    }

    /// Returns when `id` is signalled, after `timeout`, or when the task is cancelled.
    func wait(for id: String, timeout: Duration) async {
        let token = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let (resumeNow, watchers) = self.state.withLock { state -> (Bool, [CheckedContinuation<String?, Never>]) in
                            if Task.isCancelled { return (true, []) }
                            state.waiters[id, default: [:]][token] = continuation
                            let told = state.watchers.filter { $0.id == nil || $0.id == id }.map(\.continuation)
                            state.watchers.removeAll { $0.id == nil || $0.id == id }
                            return (false, told)
                        }
                        if resumeNow { continuation.resume() }
                        for watcher in watchers { watcher.resume(returning: id) }
                    }
                } onCancel: {
                    let continuation = self.state.withLock { $0.waiters[id]?.removeValue(forKey: token) }
                    continuation?.resume()
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
            }
            await group.next()
            group.cancelAll()
        }
    }
}

extension ApprovalStore {
    /// The waiting loop shared by the stores: re-read until decided, deadline or cancellation.
    func pollForDecision(
        id: String, until deadline: Date, signal: DecisionSignal, period: Duration,
        read: (String) async throws -> ApprovalRequest?
    ) async throws -> ApprovalRequest {
        while true {
            guard let request = try await read(id) else { throw StoreError.notFound("no approval request '\(id)'") }
            let remaining = deadline.timeIntervalSinceNow
            if request.status.isFinal || remaining <= 0 || Task.isCancelled { return request }
            await signal.wait(for: id, timeout: min(period, .milliseconds(Int(remaining * 1000) + 1)))
        }
    }
}
