import Testing

@testable import Server

/// Which timeout a connection is under as its requests come and go (times in seconds here).
@Suite struct ConnectionDeadlinesTests {
    static let timeouts = ConnectionDeadlines.Timeouts(header: 10, body: 30, idle: 60)

    /// A connection opened at 0 whose first request was read at `read` (header and body) and
    /// answered at `answered` (nil: still being answered).
    static func afterOneRequest(read: Int64 = 0, answered: Int64?) -> ConnectionDeadlines {
        var deadlines = ConnectionDeadlines(timeouts: timeouts, openedAt: 0)
        deadlines.headReceived(at: read)
        deadlines.requestEnded(at: read)
        if let answered { deadlines.responseEnded(at: answered) }
        return deadlines
    }

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
        let streaming = Self.afterOneRequest(read: 1, answered: nil)
        #expect(streaming.deadline == nil)
        #expect(!streaming.hasExpired(at: 1_000_000), "an SSE stream of a live session is not idle")
        let answered = Self.afterOneRequest(read: 1, answered: 2_000_000)
        #expect(answered.phase == .idle)
        #expect(!answered.hasExpired(at: 2_000_059))
        #expect(answered.hasExpired(at: 2_000_060))
    }

    @Test func theNextRequestsFirstByteStartsItsHeaderTimeout() {
        var deadlines = Self.afterOneRequest(answered: 10)
        deadlines.bytesArrived(at: 50)
        #expect(deadlines.phase == .readingHead)
        #expect(deadlines.hasExpired(at: 60), "headers one byte at a time get the header timeout, not the idle one")
    }

    @Test func pipelinedRequestsKeepTheConnectionBusyUntilTheLastAnswer() {
        var deadlines = Self.afterOneRequest(answered: nil)
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
