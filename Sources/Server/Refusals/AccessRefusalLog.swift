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
    private let logger: Logger
    private let pending = Mutex(RefusalCoalescer())

    public init(audit: AuditLog, clock: any TimeSource = SystemTimeSource(), logger: Logger) {
        self.audit = audit
        self.clock = clock
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

    /// Writes closed windows about four times a second until a graceful shutdown (or
    /// cancellation), then everything left.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                guard (try? await Task.sleep(for: .milliseconds(250))) != nil else { break }
                await self.flush(at: self.now)
            }
        }
        await flush(at: nil)
    }
}
