import Foundation
import Synchronization

/// Wakes tasks waiting for an approval's decision in this process.
///
/// A store signals it when a decision is written here, or when it learns of one written
/// elsewhere (PostgreSQL NOTIFY). Waiters also re-read the store on a short period, so a
/// decision written by another process without a notification is never missed.
final class DecisionSignal: Sendable {
    private let waiters = Mutex<[String: [UUID: CheckedContinuation<Void, Never>]]>([:])

    /// Wakes every task waiting on `id`.
    func signal(_ id: String) {
        let woken = waiters.withLock { $0.removeValue(forKey: id) ?? [:] }
        for continuation in woken.values { continuation.resume() }
    }

    /// Returns when `id` is signalled, after `timeout`, or when the task is cancelled.
    func wait(for id: String, timeout: Duration) async {
        let token = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let resumeNow = self.waiters.withLock { waiters -> Bool in
                            if Task.isCancelled { return true }
                            waiters[id, default: [:]][token] = continuation
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    let continuation = self.waiters.withLock { $0[id]?.removeValue(forKey: token) }
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
