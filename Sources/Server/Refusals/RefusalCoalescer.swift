import Foundation
import Store

/// Turns a flood of refused requests into a trickle of audit rows: one row per source (and
/// status and grant) per second, counting the refusals it stands for, so that nobody can fill
/// the disk by knocking. Pure: times come in as values.
struct RefusalCoalescer: Sendable {
    /// How long one row gathers refusals.
    static let window: TimeInterval = 1
    /// Sources tracked at once; beyond, refusals from new sources share one row (source `*`).
    static let maximumSources = 10_000

    private struct Gathering: Sendable {
        var first: AccessRefusal
        var count: Int
        var lastAt: Date
    }

    private var open: [AccessRefusal.Key: Gathering] = [:]

    var isEmpty: Bool { open.isEmpty }

    /// Counts `refusal` in its source's window, opening one when there is none.
    mutating func add(_ refusal: AccessRefusal) {
        var key = refusal.key
        if open[key] == nil && open.count >= Self.maximumSources {
            key = AccessRefusal.Key(source: "*", status: refusal.status, grant: nil)
        }
        if var gathering = open[key] {
            gathering.count += 1
            gathering.lastAt = refusal.time
            open[key] = gathering
        } else {
            var first = refusal
            if key.source == "*" {
                first.source = "*"
                first.grant = nil
            }
            open[key] = Gathering(first: first, count: 1, lastAt: refusal.time)
        }
    }

    /// The rows of the windows that closed by `now` (all of them when `now` is nil), oldest first.
    mutating func takeClosed(at now: Date?) -> [AuditEntry] {
        var closed: [Gathering] = []
        for (key, gathering) in open where now.map({ $0.timeIntervalSince(gathering.first.time) >= Self.window }) ?? true {
            closed.append(gathering)
            open[key] = nil
        }
        return closed.sorted { $0.first.time < $1.first.time }.map { $0.first.entry(count: $0.count, lastAt: $0.lastAt) }
    }
}
