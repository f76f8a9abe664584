import Foundation
import Logging
import Policy
import ServiceLifecycle
import Store
import Synchronization

/// Writes every 401 and 403 the server answers to the audit log as `access_refused` rows,
/// coalesced (``RefusalCoalescer``). Noting a refusal costs a lock; rows are written by
/// ``run()``, each soon after its window closes, and the rest at shutdown.
public final class AccessRefusalLog: Service, Sendable {
    private let audit: AuditLog
    private let clock: any TimeSource
    /// What ``run()``'s pauses are timed on (tests pass one they advance).
    private let timer: any Clock<Duration>
    private let logger: Logger
    private let pending = Mutex(RefusalCoalescer())

    /// How often ``run()`` writes the windows that have closed.
    static let flushInterval: Duration = .milliseconds(250)

    public init(audit: AuditLog, clock: any TimeSource = SystemTimeSource(), timer: any Clock<Duration> = ContinuousClock(),
                logger: Logger) {
        self.audit = audit
        self.clock = clock
        self.timer = timer
        self.logger = logger
    }

    var now: Date { clock.now() }

    func note(_ refusal: AccessRefusal) {
        pending.withLock { $0.add(refusal) }
    }

    /// Writes the rows of the windows closed by `now` (every window when nil).
    func flush(at now: Date?) async {
        let rows = pending.withLock { $0.takeClosed(at: now) }
        for row in rows {
            do {
                _ = try await audit.record(row)
            } catch {
                logger.error("could not write an access_refused row; it is kept for when the store is back", metadata: ["error": "\(error)"])
                await audit.recordLater(row)
            }
        }
    }

    /// Writes closed windows every ``flushInterval`` (four times a second) until a graceful
    /// shutdown (or cancellation), then everything left.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                guard (try? await self.timer.sleep(for: Self.flushInterval)) != nil else { break }
                await self.flush(at: self.now)
            }
        }
        await flush(at: nil)
    }
}
