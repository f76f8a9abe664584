import Gateway
import Synchronization

/// The 2026-07-28 requests in flight on `gatehouse stdio` — calls and open `subscriptions/listen`
/// streams — by their JSON-RPC id, so that the client's `notifications/cancelled` ends the one it
/// names (stdio has no per-request stream whose closing would say so).
final class StdioRequests: Sendable {
    private let running = Mutex<[RequestID: Task<Void, Never>]>([:])

    /// Runs `work` as the request `id` until it ends, is cancelled by ``cancel(_:)``, or the
    /// caller's task is cancelled (stdin closed).
    func run(_ id: RequestID, _ work: @escaping @Sendable () async -> Void) async {
        // Made under the lock: a cancel that follows anything the work does finds it registered.
        let task = running.withLock { running in
            let task = Task { await work() }
            running[id] = task
            return task
        }
        await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        running.withLock { if $0[id] == task { $0.removeValue(forKey: id) } }
    }

    /// Cancels the request `id`; false when none is in flight under it.
    @discardableResult
    func cancel(_ id: RequestID) -> Bool {
        guard let task = running.withLock({ $0.removeValue(forKey: id) }) else { return false }
        task.cancel()
        return true
    }
}
