import Synchronization

/// One operation racing its deadline (and an outage): whichever finishes first answers the
/// caller; the others find the answer given and do nothing.
final class DeadlineRace<T: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<Result<T, StoreError>, Never>?, answer: Result<T, StoreError>?,
                               tasks: [Task<Void, Never>])>((nil, nil, []))

    func run(limit: Duration, on clock: any Clock<Duration>, timeoutError: StoreError, _ operation: @escaping @Sendable () async throws -> T,
             failure: @escaping @Sendable (any Error) -> StoreError) async -> Result<T, StoreError> {
        await withCheckedContinuation { continuation in
            let early = state.withLock { state -> Result<T, StoreError>? in
                if let answer = state.answer { return answer }
                state.continuation = continuation
                return nil
            }
            if let early { return continuation.resume(returning: early) }
            let work = Task {
                do {
                    finish(.success(try await operation()))
                } catch {
                    finish(.failure(failure(error)))
                }
            }
            let timer = Task {
                guard (try? await clock.sleep(for: limit)) != nil else { return }
                finish(.failure(timeoutError))
            }
            let finished = state.withLock { state -> Bool in
                guard state.continuation != nil else { return true }
                state.tasks = [work, timer]
                return false
            }
            if finished {
                work.cancel()
                timer.cancel()
            }
        }
    }

    /// Answers the caller unless someone already did; cancels the loser.
    func finish(_ answer: Result<T, StoreError>) {
        let (continuation, tasks) = state.withLock { state -> (CheckedContinuation<Result<T, StoreError>, Never>?, [Task<Void, Never>]) in
            guard state.answer == nil else { return (nil, []) }
            state.answer = answer
            defer { state.continuation = nil; state.tasks = [] }
            return (state.continuation, state.tasks)
        }
        for task in tasks { task.cancel() }
        continuation?.resume(returning: answer)
    }
}
