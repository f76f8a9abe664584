import Foundation
import Logging

/// The spool mirror: from the first failed write until the store has taken everything, what the
/// queues hold is on disk too, and a log started over a spool that holds something queues it again.
extension AuditLog {
    enum LeftOver {
        case nothing
        case replay(AuditSpool.Contents)
        /// Unreadable, and it could not be moved aside: spooling over it would destroy it.
        case unusable
    }

    static func leftOver(in spool: AuditSpool, logger: Logger) -> LeftOver {
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

    /// The store failed: from now until the queues drain, everything queued is on disk too.
    func startSpooling() {
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
    func spoolDrained(rows: Int, completions drainedNow: Int, spooledAtStart: Bool) {
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
    func rewriteSpool() {
        do {
            try spool?.replace(rows: deferred, completions: completions)
            drainedRows = 0
            drainedCompletions = 0
        } catch {
            spoolDiverged = true
            logger.error("audit spool: cannot rewrite it; some rows are kept in memory only", metadata: ["error": "\(error)"])
        }
    }

    func writeToSpool(rows: [AuditEntry] = [], completions: [AuditCompletion] = []) {
        do {
            try spool?.append(rows: rows, completions: completions)
        } catch {
            spoolDiverged = true
            logger.error("audit spool: cannot write it; these rows are kept in memory only", metadata: ["error": "\(error)"])
        }
    }
}
