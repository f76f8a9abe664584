import Synchronization

/// How many client connections are open, against `limits.maxConnections` — shared by every
/// event loop's connections.
final class OpenConnections: Sendable {
    let maximum: Int
    private let count = Atomic<Int>(0)

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// Counts a new connection in; false (and not counted) when the maximum is open already.
    func admit() -> Bool {
        let (_, now) = count.add(1, ordering: .relaxed)
        guard now > maximum else { return true }
        count.subtract(1, ordering: .relaxed)
        return false
    }

    /// An admitted connection closed.
    func release() {
        count.subtract(1, ordering: .relaxed)
    }

    var current: Int { count.load(ordering: .relaxed) }
}
