import Synchronization

/// An operation that never answers: suspends until its task is cancelled, then throws
/// `CancellationError` — what a query on a dead connection does, without a timer in the test.
public func unanswered<T>(_: T.Type = T.self) async throws -> T {
    let waiting = Mutex<(continuation: CheckedContinuation<Void, any Error>?, cancelled: Bool)>((nil, false))
    try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let cancelled = waiting.withLock { state -> Bool in
                if state.cancelled { return true }
                state.continuation = continuation
                return false
            }
            if cancelled { continuation.resume(throwing: CancellationError()) }
        }
    } onCancel: {
        let continuation = waiting.withLock { state -> CheckedContinuation<Void, any Error>? in
            state.cancelled = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(throwing: CancellationError())
    }
    throw CancellationError()
}
