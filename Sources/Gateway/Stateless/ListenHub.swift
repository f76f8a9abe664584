import Foundation
import Synchronization

/// The listen streams of one pool's agents, and the changes the pool's upstream connections
/// report for them (list changes, resource updates).
///
/// Each stream has an inbox the hub fills with the changes its filter asked for; the stream
/// empties it on its own pace (``ListenSubscription``), beside the audit log's changes. Opening
/// and closing inboxes is announced on ``openings``: the pool keeps the upstream's resource
/// subscriptions in line with the open streams' (``ResourceSubscriptions``).
final class ListenHub: Sendable {
    /// One stream's waiting changes.
    final class Inbox: Sendable {
        let filter: ListenFilter
        private let changes = Mutex<[ListenChange]>([])

        init(filter: ListenFilter) {
            self.filter = filter
        }

        func put(_ change: ListenChange) {
            guard change.isWanted(by: filter) else { return }
            changes.withLock { if !$0.contains(change) { $0.append(change) } }
        }

        /// The changes since the last call, in order, each once.
        func take() -> [ListenChange] {
            changes.withLock { changes in
                defer { changes.removeAll() }
                return changes
            }
        }
    }

    private let inboxes = Mutex<[ObjectIdentifier: Inbox]>([:])
    /// A tick whenever the open streams changed, or the pool asks for a check (ticks not yet
    /// read merge into one). Single consumer: the pool's subscription task.
    let openings: AsyncStream<Void>
    private let opened: AsyncStream<Void>.Continuation

    init() {
        (openings, opened) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// A new stream's inbox; ``close(_:)`` it when the stream ends.
    func open(_ filter: ListenFilter) -> Inbox {
        let inbox = Inbox(filter: filter)
        inboxes.withLock { $0[ObjectIdentifier(inbox)] = inbox }
        opened.yield()
        return inbox
    }

    func close(_ inbox: Inbox) {
        _ = inboxes.withLock { $0.removeValue(forKey: ObjectIdentifier(inbox)) }
        opened.yield()
    }

    /// Asks for a check of the subscriptions without a change of streams (a connection may have closed).
    func nudge() {
        opened.yield()
    }

    /// Ends ``openings`` (the pool closes).
    func finish() {
        opened.finish()
    }

    /// Every resource URI an open stream subscribed to.
    var resourceSubscriptions: Set<String> {
        inboxes.withLock { Set($0.values.flatMap(\.filter.resourceSubscriptions)) }
    }

    /// Hands `change` to every stream that asked for it.
    func publish(_ change: ListenChange) {
        for inbox in inboxes.withLock({ Array($0.values) }) { inbox.put(change) }
    }

    var openCount: Int { inboxes.withLock { $0.count } }
}
