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

    /// Ordered by time, oldest first.
    public private(set) var entries: [Entry] = []

    public init(entries: [Entry] = []) {
        self.entries = entries.sorted { $0.time < $1.time }
    }

    /// Amounts compare with a little tolerance so that 0.1 + 0.2 fits a budget of 0.3.
    static let tolerance = 1e-9

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

    /// Units used in the window ending at `now`.
    public func used(now: Double, windowSeconds: Double, align: WindowAlignment) -> Double {
        let start = Self.windowStart(now: now, windowSeconds: windowSeconds, align: align)
        var total = 0.0
        for entry in entries.reversed() {
            guard Self.counts(entry, from: start, align: align) else { break }
            total += entry.amount
        }
        return total
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
        if let last = entries.last, last.time > entry.time {
            let index = entries.firstIndex { $0.time > entry.time } ?? entries.endIndex
            entries.insert(entry, at: index)
        } else {
            entries.append(entry)
        }
    }

    /// Gives back a reservation's units.
    public mutating func remove(reservation: String) {
        entries.removeAll { $0.reservation == reservation }
    }

    /// Drops entries that can no longer count in any window ending at or after `now`.
    public mutating func prune(now: Double, windowSeconds: Double, align: WindowAlignment) {
        let start = Self.windowStart(now: now, windowSeconds: windowSeconds, align: align)
        let expired = entries.prefix { !Self.counts($0, from: start, align: align) }.count
        if expired > 0 { entries.removeFirst(expired) }
    }

    public var isEmpty: Bool { entries.isEmpty }
}
