import Testing

@testable import Server

/// Which timeout a connection is under as its requests come and go (times in seconds here).
@Suite struct ConnectionDeadlinesTests {
    static let timeouts = ConnectionDeadlines.Timeouts(header: 10, body: 30, idle: 60)

    @Test func aNewConnectionMustSendItsHeaderInTime() {
        let deadlines = ConnectionDeadlines(timeouts: Self.timeouts, openedAt: 100)
        #expect(deadlines.phase == .readingHead)
        #expect(!deadlines.hasExpired(at: 109))
        #expect(deadlines.hasExpired(at: 110))
    }

    @Test func theBodyHasItsOwnTimeoutFromTheHeader() {
        var deadlines = ConnectionDeadlines(timeouts: Self.timeouts, openedAt: 0)
        deadlines.headReceived(at: 5)
        #expect(deadlines.phase == .readingBody)
        #expect(!deadlines.hasExpired(at: 34))
        #expect(deadlines.hasExpired(at: 35))
    }

    @Test func aResponseBeingWrittenIsNeverIdleHoweverLong() {
        var deadlines = ConnectionDeadlines(timeouts: Self.timeouts, openedAt: 0)
        deadlines.headReceived(at: 1)
        deadlines.requestEnded(at: 1)
        #expect(deadlines.deadline == nil)
        #expect(!deadlines.hasExpired(at: 1_000_000), "an SSE stream of a live session is not idle")
        deadlines.responseEnded(at: 2_000_000)
        #expect(deadlines.phase == .idle)
        #expect(!deadlines.hasExpired(at: 2_000_059))
        #expect(deadlines.hasExpired(at: 2_000_060))
    }

    @Test func theNextRequestsFirstByteStartsItsHeaderTimeout() {
        var deadlines = ConnectionDeadlines(timeouts: Self.timeouts, openedAt: 0)
        deadlines.headReceived(at: 0)
        deadlines.requestEnded(at: 0)
        deadlines.responseEnded(at: 10)
        deadlines.bytesArrived(at: 50)
        #expect(deadlines.phase == .readingHead)
        #expect(deadlines.hasExpired(at: 60), "headers one byte at a time get the header timeout, not the idle one")
    }

    @Test func pipelinedRequestsKeepTheConnectionBusyUntilTheLastAnswer() {
        var deadlines = ConnectionDeadlines(timeouts: Self.timeouts, openedAt: 0)
        deadlines.headReceived(at: 0)
        deadlines.requestEnded(at: 0)
        deadlines.bytesArrived(at: 1)
        deadlines.headReceived(at: 1)
        deadlines.requestEnded(at: 1)
        deadlines.responseEnded(at: 2)
        #expect(deadlines.phase == .responding)
        #expect(deadlines.deadline == nil)
        deadlines.responseEnded(at: 3)
        #expect(deadlines.phase == .idle)
    }
}
