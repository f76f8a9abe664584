import Foundation
import PropertyBased
import Testing
@testable import Policy

/// For any sequence of call times, no interval of the window's length holds more than `max`
/// admitted calls.
@Suite struct RateLimitPropertyTests {
    @Test func noWindowEverHoldsMoreThanMax() async {
        let gaps = Gen.double(in: 0...20).array(of: 1...300)
        await propertyCheck(count: 200, input: gaps, Gen.int(in: 1...12), Gen.int(in: 1...90)) { gaps, max, window in
            let admitted = Self.admittedTimes(gaps: gaps, max: Double(max), window: Double(window), align: .rolling)
            #expect(Self.largestCount(in: admitted, window: Double(window)) <= max)
        }
    }

    @Test func calendarWindowsNeverHoldMoreThanMaxPerAlignedWindow() async {
        let gaps = Gen.double(in: 0...20).array(of: 1...300)
        await propertyCheck(count: 200, input: gaps, Gen.int(in: 1...12), Gen.int(in: 1...90)) { gaps, max, window in
            let admitted = Self.admittedTimes(gaps: gaps, max: Double(max), window: Double(window), align: .calendar)
            let perWindow = Dictionary(grouping: admitted) { ($0 / Double(window)).rounded(.down) }
            #expect(perWindow.values.allSatisfy { $0.count <= max })
        }
    }

    /// Runs the sliding log over calls at the given gaps; returns the admitted call times.
    static func admittedTimes(gaps: [Double], max: Double, window: Double, align: WindowAlignment) -> [Double] {
        var log = CounterLog()
        var now = 1_000_000.0
        var admitted: [Double] = []
        for (index, gap) in gaps.enumerated() {
            now += gap
            log.prune(now: now, windowSeconds: window, align: align)
            if log.admission(amount: 1, max: max, now: now, windowSeconds: window, align: align) == .admitted {
                log.append(.init(time: now, amount: 1, reservation: String(index)))
                admitted.append(now)
            }
        }
        return admitted
    }

    /// The most admitted calls in any half-open interval [t, t + window).
    static func largestCount(in times: [Double], window: Double) -> Int {
        var best = 0
        var start = 0
        for end in times.indices {
            while times[end] - times[start] >= window { start += 1 }
            best = Swift.max(best, end - start + 1)
        }
        return best
    }
}
