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
    private let logger: Logger

    private enum Turn {
        /// The batch holding the caller's row was written (nil for a caller without a row).
        case written(Int64?)
        /// The caller writes the next batch.
        case lead
    }

    private struct Waiter {
        var entry: AuditEntry?
        var continuation: CheckedContinuation<Turn, any Error>
    }

    /// True while some caller is writing a batch; the others queue in `waiting`.
    private var writing = false
    private var waiting: [Waiter] = []
    /// Who ``untilQueued(_:)`` keeps waiting, and for how many callers.
    private var queueWatchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    private var completions: [AuditCompletion] = []
    /// Rows whose write failed and that nothing waits for, kept for when the store is back.
    private var deferred: [AuditEntry] = []
    private var counts = AuditLogStatistics()
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    /// nil without a spool, or when an unreadable one could not be moved out of the way.
    private var spool: AuditSpool?
    /// From a failed write until the queues are empty again: everything queued is in the spool.
    private var spooling = false
    /// How many rows and outcomes at the start of the spool's file the store has.
    private var drainedRows = 0
    private var drainedCompletions = 0
    /// The file no longer mirrors the queues — they dropped some of it (they are bounded, the
    /// file is not), or a write to the file failed: no more `drained` lines (a restart replays
    /// everything after the last one, so duplicates, never losses), and once the queues drain
    /// the file is set aside for a person.
    private var spoolDiverged = false

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

    private enum LeftOver {
        case nothing
        case replay(AuditSpool.Contents)
        /// Unreadable, and it could not be moved aside: spooling over it would destroy it.
        case unusable
    }

    private static func leftOver(in spool: AuditSpool, logger: Logger) -> LeftOver {
        do {
            let saved = try spool.load()
            if saved.unreadableLines > 0 {
                logger.warning("audit spool: skipped \(saved.unreadableLines) unreadable line(s) in \(spool.path)")
            }
            guard !saved.isEmpty else { return .nothing }
            logger.notice("audit spool: \(saved.rows.count) row(s) and \(saved.completions.count) outcome(s) from before the last stop, queued for the store")
            return .replay(saved)
        } catch {
            guard let aside = spool.setAside(.unreadable) else {
                logger.error("audit spool: cannot read it nor move it aside; spooling is off so as not to write over it",
                             metadata: ["path": "\(spool.path)", "error": "\(error)"])
                return .unusable
            }
            logger.error("audit spool: cannot read it; it is not replayed", metadata: ["error": "\(error)", "keptAt": "\(aside)"])
            return .nothing
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

    // MARK: Spool

    /// The store failed: from now until the queues drain, everything queued is on disk too.
    private func startSpooling() {
        guard let spool, !spooling else { return }
        spooling = true
        drainedRows = 0
        drainedCompletions = 0
        spoolDiverged = false
        logger.warning("audit log: the store refuses writes; queued rows and outcomes are kept in \(spool.path) until it is back")
        rewriteSpool()
    }

    /// A batch reached the store. When it carried spooled rows (the oldest in the file), the
    /// file says so; once the queues are empty, the file goes.
    private func spoolDrained(rows: Int, completions drainedNow: Int, spooledAtStart: Bool) {
        guard spooling, let spool else { return }
        if spooledAtStart {
            drainedRows += rows
            drainedCompletions += drainedNow
        }
        do {
            if hasQueued {
                if spooledAtStart && !spoolDiverged { try spool.markDrained(rows: drainedRows, completions: drainedCompletions) }
                return
            }
            if spoolDiverged {
                guard let aside = spool.setAside(.toCompare) else { throw StoreError.unavailable("audit spool \(spool.path): cannot set it aside") }
                logger.error("audit spool: the queue dropped rows during the outage; the file is kept for a person to compare with the store",
                             metadata: ["keptAt": "\(aside)"])
            }
            try spool.clear()
            spooling = false
        } catch {
            logger.error("audit spool: cannot update it; rows the store has may be written again at the next start", metadata: ["error": "\(error)"])
        }
    }

    /// Makes the file hold exactly what is queued, in queue order.
    private func rewriteSpool() {
        do {
            try spool?.replace(rows: deferred, completions: completions)
            drainedRows = 0
            drainedCompletions = 0
        } catch {
            spoolDiverged = true
            logger.error("audit spool: cannot rewrite it; some rows are kept in memory only", metadata: ["error": "\(error)"])
        }
    }

    private func writeToSpool(rows: [AuditEntry] = [], completions: [AuditCompletion] = []) {
        do {
            try spool?.append(rows: rows, completions: completions)
        } catch {
            spoolDiverged = true
            logger.error("audit spool: cannot write it; these rows are kept in memory only", metadata: ["error": "\(error)"])
        }
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

    private var hasQueued: Bool { !completions.isEmpty || !deferred.isEmpty }

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

    // MARK: Group commit

    /// Leads at once when nobody is writing; otherwise queues until a batch carries the
    /// caller's row or hands it the lead.
    private func turn(for entry: AuditEntry?) async throws -> Turn {
        guard writing else {
            writing = true
            return .lead
        }
        return try await withCheckedThrowingContinuation { continuation in
            waiting.append(Waiter(entry: entry, continuation: continuation))
            tellQueueWatchers()
        }
    }

    /// Writes the leader's row with everything queued, releases the followers, passes the lead.
    private func lead(with entry: AuditEntry?) async throws -> Int64? {
        let followers = takeFollowers(room: entry == nil ? maxBatch : maxBatch - 1)
        let spooledAtStart = spooling
        let finished = completions
        completions.removeAll()
        // Deferred rows go last, so the callers' ids come first; they fill what room is left.
        let waitedFor = (entry.map { [$0] } ?? []) + followers.compactMap(\.entry)
        let late = Array(deferred.prefix(max(0, maxBatch - waitedFor.count)))
        deferred.removeFirst(late.count)
        let entries = waitedFor + late
        do {
            let ids = try await store.write(appending: entries, completing: finished)
            guard ids.count == entries.count else {
                throw StoreError.unavailable("audit log: the store returned \(ids.count) ids for \(entries.count) rows")
            }
            counts.rows += entries.count
            counts.transactions += 1
            spoolDrained(rows: late.count, completions: finished.count, spooledAtStart: spooledAtStart)
            var followerIDs = ids.dropFirst(entry == nil ? 0 : 1).makeIterator()
            for follower in followers {
                follower.continuation.resume(returning: .written(follower.entry == nil ? nil : followerIDs.next()))
            }
            passTheLead()
            return entry == nil ? nil : ids.first
        } catch {
            logger.error("audit log: write failed; the calls waiting on it are refused", metadata: ["error": "\(error)"])
            completions.insert(contentsOf: finished, at: 0)
            deferred.insert(contentsOf: late, at: 0)
            if spooling && !spooledAtStart {
                // The spool started while this batch was out: it lacks the batch, now back at the
                // queues' front. Rewritten in queue order — unless the file already holds more
                // than the queues, which must stay on disk.
                if spoolDiverged { writeToSpool(rows: late, completions: finished) } else { rewriteSpool() }
            } else {
                startSpooling()
            }
            for follower in followers { follower.continuation.resume(throwing: error) }
            passTheLead()
            throw error
        }
    }

    private func tellQueueWatchers() {
        guard !queueWatchers.isEmpty else { return }
        let told = queueWatchers.filter { $0.count <= waiting.count }
        queueWatchers.removeAll { $0.count <= waiting.count }
        for watcher in told { watcher.continuation.resume() }
    }

    private func takeFollowers(room: Int) -> [Waiter] {
        var taken: [Waiter] = []
        var rows = 0
        var index = 0
        while index < waiting.count {
            let hasRow = waiting[index].entry != nil
            if hasRow && rows == room { break }
            taken.append(waiting[index])
            if hasRow { rows += 1 }
            index += 1
        }
        waiting.removeFirst(index)
        return taken
    }

    private func passTheLead() {
        if waiting.isEmpty {
            writing = false
            if hasQueued { wake.yield() }
        } else {
            waiting.removeFirst().continuation.resume(returning: .lead)
        }
    }
}

/// What an ``AuditLog`` has written since it started.
public struct AuditLogStatistics: Sendable, Equatable {
    public var rows = 0
    public var transactions = 0

    public init() {}
}
