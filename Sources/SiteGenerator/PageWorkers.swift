import Dispatch
import Foundation
import Synchronization

/// The threads that render and write pages.
///
/// Page work is CPU-bound and ends in blocking file-system calls, so it runs here rather than on
/// Swift's cooperative pool (one thread per core, which must never block): on twice as many
/// threads as cores, so that a thread held in the kernel — creating an inode, or throttled while
/// the page cache writes a large site back — leaves the cores busy. Tasks hand work over with
/// ``run(_:)`` and await it; nothing else is shared.
final class PageWorkers: Sendable {
    private struct Queue {
        var jobs: [@Sendable () -> Void] = []
        var stopping = false
    }

    private let queue = Mutex(Queue())
    private let available = DispatchSemaphore(value: 0)
    let count: Int

    init(count: Int) {
        self.count = max(1, count)
        for index in 0..<self.count {
            let thread = Thread { [self] in work() }
            thread.name = "gatehouse-page-worker-\(index)"
            thread.start()
        }
    }

    /// Runs `body` on a worker thread and returns its result (or error).
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue { continuation.resume(with: Result { try body() }) }
        }
    }

    /// `body` for every chunk, all handed to the threads at once; results in chunk order.
    func all<Chunk: Sendable, Output: Sendable>(
        _ chunks: [Chunk], _ body: @escaping @Sendable (Chunk) throws -> Output
    ) async throws -> [Output] {
        if chunks.count == 1 { return [try await run { try body(chunks[0]) }] }
        return try await withThrowingTaskGroup(of: (Int, Output).self) { group in
            for (index, chunk) in chunks.enumerated() {
                group.addTask { (index, try await self.run { try body(chunk) }) }
            }
            var outputs = [Output?](repeating: nil, count: chunks.count)
            for try await (index, output) in group { outputs[index] = output }
            return outputs.map { $0! }
        }
    }

    /// Lets the threads finish the jobs already queued, then end.
    func shutdown() {
        queue.withLock { $0.stopping = true }
        for _ in 0..<count { available.signal() }
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) {
        queue.withLock { $0.jobs.append(job) }
        available.signal()
    }

    private func work() {
        while true {
            available.wait()
            let next = queue.withLock { state -> (@Sendable () -> Void)?? in
                if !state.jobs.isEmpty { return state.jobs.removeFirst() }
                return state.stopping ? .some(nil) : nil
            }
            switch next {
            case .some(.some(let job)): job()
            case .some(.none): return
            case .none: continue
            }
        }
    }
}
