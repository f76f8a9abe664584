/// The admitted calls of one budget: a sliding log, exact for any window.
///
/// Each admitted call is an entry (time, amount). A new call is admitted when the entries inside
/// the window ending now, plus its amount, stay within `max`. This guarantees that no interval
/// of the window's length ever holds more than `max` — unlike a fixed window, which lets 2×max
/// through around a boundary.
public struct CounterLog: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// Seconds since 1970, UTC.
        public var time: Double
        public var amount: Double
        public var reservation: String

        public init(time: Double, amount: Double, reservation: String) {
            self.time = time
            self.amount = amount
            self.reservation = reservation
        }
    }

    /// Storage, oldest first; entries before `head` were pruned (dropped lazily, in bulk).
    private var storage: [Entry] = []
    private var head = 0
    /// The sum of the live entries' amounts, so a check costs O(1) instead of a scan.
    private var total = 0.0

    /// The live entries, ordered by time, oldest first.
    public var entries: ArraySlice<Entry> { storage[head...] }

    public init(entries: [Entry] = []) {
        storage = entries.sorted { $0.time < $1.time }
        total = storage.reduce(0) { $0 + $1.amount }
    }

    public static func == (lhs: CounterLog, rhs: CounterLog) -> Bool {
        lhs.entries.elementsEqual(rhs.entries)
    }

    /// Amounts compare with a little tolerance so that 0.1 + 0.2 fits a budget of 0.3.
    public static let tolerance = 1e-9

    /// Where the window ending at `now` starts; entries after (rolling) or at (calendar) it count.
    public static func windowStart(now: Double, windowSeconds: Double, align: WindowAlignment) -> Double {
        switch align {
        case .rolling: return now - windowSeconds
        case .calendar: return (now / windowSeconds).rounded(.down) * windowSeconds
        }
    }

    private static func counts(_ entry: Entry, from start: Double, align: WindowAlignment) -> Bool {
        align == .rolling ? entry.time > start : entry.time >= start
    }

    /// Units used in the window ending at `now`: the total, less the oldest entries that no
    /// longer count (none after ``prune(now:windowSeconds:align:)``).
    public func used(now: Double, windowSeconds: Double, align: WindowAlignment) -> Double {
        let start = Self.windowStart(now: now, windowSeconds: windowSeconds, align: align)
        var used = total
        for entry in entries {
            guard !Self.counts(entry, from: start, align: align) else { break }
            used -= entry.amount
        }
        return used
    }

    /// Whether `amount` more fits, and if not, how long until it would.
    public func admission(amount: Double, max: Double, now: Double, windowSeconds: Double, align: WindowAlignment) -> Admission {
        let used = used(now: now, windowSeconds: windowSeconds, align: align)
        if used + amount <= max + Self.tolerance { return .admitted }
        guard amount <= max + Self.tolerance else { return .exceeded(retryAfter: nil) }
        switch align {
        case .calendar:
            let start = Self.windowStart(now: now, windowSeconds: windowSeconds, align: align)
            return .exceeded(retryAfter: start + windowSeconds - now)
        case .rolling:
            // Entries leave the window oldest first; wait until enough have left.
            let start = now - windowSeconds
            let mustFree = used + amount - max - Self.tolerance
            var freed = 0.0
            for entry in entries where entry.time > start {
                freed += entry.amount
                if freed >= mustFree {
                    return .exceeded(retryAfter: Swift.max(0, entry.time + windowSeconds - now))
                }
            }
            return .exceeded(retryAfter: windowSeconds)
        }
    }

    public enum Admission: Sendable, Equatable {
        case admitted
        case exceeded(retryAfter: Double?)
    }

    /// Records an admitted call.
    public mutating func append(_ entry: Entry) {
        if let last = storage.last, storage.count > head, last.time > entry.time {
            let index = storage[head...].firstIndex { $0.time > entry.time } ?? storage.endIndex
            storage.insert(entry, at: index)
        } else {
            storage.append(entry)
        }
        total += entry.amount
    }

    /// Gives back a reservation's units.
    public mutating func remove(reservation: String) {
        guard let index = storage[head...].lastIndex(where: { $0.reservation == reservation }) else { return }
        total -= storage[index].amount
        storage.remove(at: index)
    }

    /// Drops entries that can no longer count in any window ending at or after `now`.
    public mutating func prune(now: Double, windowSeconds: Double, align: WindowAlignment) {
        let start = Self.windowStart(now: now, windowSeconds: windowSeconds, align: align)
        while head < storage.count, !Self.counts(storage[head], from: start, align: align) {
            total -= storage[head].amount
            head += 1
        }
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
            total = 0
        } else if head > 64 && head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }

    public var isEmpty: Bool { head == storage.count }
}

extension CounterLog {
    /// Prunes, then answers whether the check's amount fits — what every store does per check.
    public mutating func pruneAndAdmit(_ check: LimitCheck, now: Double) -> Admission {
        prune(now: now, windowSeconds: check.windowSeconds, align: check.align)
        return admission(amount: check.amount, max: check.max, now: now, windowSeconds: check.windowSeconds, align: check.align)
    }
}
