import Foundation
import Logging

/// Writes audit rows in groups: concurrent ``record(_:)`` calls share one transaction, and each
/// caller resumes only once its own row is durable — the gateway forwards a call only after
/// its row is written, and denies it (fail closed) when ``record(_:)`` throws.
///
/// Grouping needs no timer: the first caller writes at once; callers arriving while a write
/// is in flight queue up and go together in the next one (at most ``maxBatch`` rows). A lone
/// caller therefore waits for exactly one write, and 64 concurrent callers share a handful.
///
/// ``complete(_:)`` only queues: completions ride along with the next batch of rows, or are
/// flushed by ``run()`` shortly after (run it for the gateway's life), or by ``flush()``.
/// ``recordLater(_:)`` queues the same way a row nothing waits for — a refusal, an event —
/// whose ``record(_:)`` failed because the store was down: it is written once the store is back.
///
/// With an ``AuditSpool``, what is queued while the store refuses writes is also on disk, from
/// the first failed write until the store has taken everything; a log started with a spool that
/// holds something (the gateway stopped during an outage) queues it again at once.
public actor AuditLog {
    public let store: any AuditStore
    /// The most rows one transaction carries.
    public let maxBatch: Int
    /// How long ``run()`` waits after a completion, to gather more into one write. Each pause is
    /// a timer and a few thread wake-ups, so it is long enough for a busy gateway to gather
    /// dozens of outcomes, and short enough that outcomes show up at once to a person.
    public let completionDelay: Duration
    /// Completions kept while the store is failing; the oldest are dropped beyond this.
    public let maxQueuedCompletions: Int
    /// What ``run()``'s pauses are timed on (tests pass a clock they advance).
    private let clock: any Clock<Duration>
    let logger: Logger

    enum Turn {
        /// The batch holding the caller's row was written (nil for a caller without a row).
        case written(Int64?)
        /// The caller writes the next batch.
        case lead
    }

    struct Waiter {
        var entry: AuditEntry?
        var continuation: CheckedContinuation<Turn, any Error>
    }

    /// True while some caller is writing a batch; the others queue in `waiting`.
    var writing = false
    var waiting: [Waiter] = []
    /// Who ``untilQueued(_:)`` keeps waiting, and for how many callers.
    var queueWatchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    var completions: [AuditCompletion] = []
    /// Rows whose write failed and that nothing waits for, kept for when the store is back.
    var deferred: [AuditEntry] = []
    var counts = AuditLogStatistics()
    private let wakeups: AsyncStream<Void>
    let wake: AsyncStream<Void>.Continuation
    /// nil without a spool, or when an unreadable one could not be moved out of the way.
    var spool: AuditSpool?
    /// From a failed write until the queues are empty again: everything queued is in the spool.
    var spooling = false
    /// How many rows and outcomes at the start of the spool's file the store has.
    var drainedRows = 0
    var drainedCompletions = 0
    /// The file no longer mirrors the queues — they dropped some of it (they are bounded, the
    /// file is not), or a write to the file failed: no more `drained` lines (a restart replays
    /// everything after the last one, so duplicates, never losses), and once the queues drain
    /// the file is set aside for a person.
    var spoolDiverged = false

    public init(
        store: any AuditStore, maxBatch: Int = 256, completionDelay: Duration = .milliseconds(100), maxQueuedCompletions: Int = 100_000,
        spool: AuditSpool? = nil, clock: any Clock<Duration> = ContinuousClock(), logger: Logger = Logger(label: "gatehouse.audit")
    ) {
        self.clock = clock
        self.store = store
        self.maxBatch = max(1, maxBatch)
        self.completionDelay = completionDelay
        self.maxQueuedCompletions = maxQueuedCompletions
        self.spool = spool
        self.logger = logger
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        // What a previous run left in the spool is queued again; it stays there until the store has it.
        guard let spool else { return }
        switch Self.leftOver(in: spool, logger: logger) {
        case .nothing:
            break
        case .replay(let saved):
            let rows = Array(saved.rows.suffix(maxQueuedCompletions))
            let outcomes = Array(saved.completions.suffix(maxQueuedCompletions))
            deferred = rows
            completions = outcomes
            drainedRows = saved.drainedRows
            drainedCompletions = saved.drainedCompletions
            // More than the queues hold: the file keeps the oldest for a person (see spoolDrained).
            spoolDiverged = rows.count < saved.rows.count || outcomes.count < saved.completions.count
            spooling = true
            wake.yield()
        case .unusable:
            self.spool = nil
        }
    }

    deinit {
        wake.finish()
    }

    /// Writes `entry` and returns its id once it is durable. Throws when the store fails.
    public func record(_ entry: AuditEntry) async throws -> Int64 {
        let written: Int64?
        switch try await turn(for: entry) {
        case .written(let id): written = id
        case .lead: written = try await lead(with: entry)
        }
        guard let written else { throw StoreError.unavailable("audit log: no id came back for a written row") }
        return written
    }

    /// Queues how a forwarded call ended; it is written with the next batch (see ``run()``).
    public func complete(_ completion: AuditCompletion) {
        if enqueue(completion, into: &completions, dropping: "call outcomes") { spoolDiverged = spooling }
        if spooling { writeToSpool(completions: [completion]) }
    }

    /// Queues a row that nothing waits for (a refused call, an event) after ``record(_:)``
    /// failed: it goes with the next batch, or ``run()`` retries it. At most
    /// ``maxQueuedCompletions`` are kept; the oldest are dropped beyond.
    public func recordLater(_ entry: AuditEntry) {
        if enqueue(entry, into: &deferred, dropping: "deferred rows") { spoolDiverged = spooling }
        // Only called after a write failed (the audit store's, or the counter store's in the
        // same database): the spool starts now if it has not yet. At worst it starts for nothing
        // and goes with the next batch.
        if spooling { writeToSpool(rows: [entry]) } else { startSpooling() }
    }

    /// Appends to a bounded queue (dropping its oldest when full) and wakes ``run()``; true
    /// when something was dropped.
    @discardableResult
    private func enqueue<Item>(_ item: Item, into queue: inout [Item], dropping what: String) -> Bool {
        let overflows = queue.count >= maxQueuedCompletions
        if overflows {
            queue.removeFirst(queue.count - maxQueuedCompletions + 1)
            logger.error("audit log: dropping the oldest \(what); the store has not accepted writes for a while")
        }
        queue.append(item)
        if !writing { wake.yield() }
        return overflows
    }

    /// Writes every queued completion now (and any rows queued behind a write in flight).
    public func flush() async throws {
        switch try await turn(for: nil) {
        case .written: return
        case .lead: _ = try await lead(with: nil)
        }
    }

    /// Flushes completions when no row write carries them, until the task is cancelled; then
    /// flushes once more. Call it once, for as long as the log is used.
    ///
    /// While the store refuses writes, the outcomes stay queued (up to ``maxQueuedCompletions``)
    /// and are retried with a growing pause (up to ``maxRetryDelay``), so that they reach the
    /// store once it is back — the rows themselves were written before their calls went ahead.
    public func run() async {
        var delay = completionDelay
        for await _ in wakeups {
            try? await clock.sleep(for: delay)
            guard !writing && hasQueued else { continue }
            do {
                try await flush()
                delay = completionDelay
            } catch {
                delay = min(delay * 2, Self.maxRetryDelay)
            }
        }
        if hasQueued { try? await flush() }
    }

    var hasQueued: Bool { !completions.isEmpty || !deferred.isEmpty }

    /// The longest pause between two attempts to write queued outcomes to a failing store.
    public static let maxRetryDelay: Duration = .seconds(1)

    /// Rows and transactions written so far (for benchmarks and health pages).
    public var statistics: AuditLogStatistics { counts }

    /// Callers queued behind the write in flight (a gauge of how far the store lags).
    public var queuedCallers: Int { waiting.count }

    /// Returns once at least `count` callers are queued behind the write in flight (for tests
    /// that hold a write and need the queue full before they let it go).
    func untilQueued(_ count: Int) async {
        guard waiting.count < count else { return }
        await withCheckedContinuation { queueWatchers.append((count, $0)) }
    }

    /// What waits for the store (for `/healthz`): rows and outcomes, and the spool holding them.
    public var backlog: AuditBacklog {
        AuditBacklog(rows: deferred.count, outcomes: completions.count, spool: spooling ? spool?.path : nil)
    }

}

/// What an ``AuditLog`` has written since it started.
public struct AuditLogStatistics: Sendable, Equatable {
    public var rows = 0
    public var transactions = 0

    public init() {}
}
