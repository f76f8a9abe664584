import JSON
import Testing

@testable import Gateway

/// The session's rules as a value, without an upstream: which ids are free, what is overdue
/// or due a keep-alive, when a paginated listing is complete, when a session is idle.
@Suite struct SessionStateTests {
    static let start = ContinuousClock.now

    static func state() -> SessionState {
        SessionState(now: start, standaloneCapacity: 4)
    }

    static func pending(_ id: Int, deadline: Duration = .seconds(30), keepAlive: Duration = .seconds(1), interim: Bool = true,
                        generation: Int = 1, token: String? = nil) -> PendingRequest {
        let (_, output) = AsyncStream.makeStream(of: ReplyPart.self)
        return PendingRequest(id: .number(id), method: "tools/call", output: output, acceptsInterim: interim, generation: generation,
                              sequence: id, deadline: start + deadline, progressToken: token.map(RequestID.string),
                              nextKeepAlive: start + keepAlive)
    }

    @Test(arguments: [
        (closed: false, pending: false, expected: nil as SessionError?),
        (closed: false, pending: true, expected: .duplicateRequest("1")),
        (closed: true, pending: false, expected: .closed),
        (closed: true, pending: true, expected: .closed),
    ])
    func aRequestIDIsFreeUnlessClosedOrInUse(closed: Bool, pending: Bool, expected: SessionError?) {
        var state = Self.state()
        state.closed = closed
        if pending { state.register(Self.pending(1)) }
        #expect(state.refusal(of: .number(1)) == expected)
        #expect(state.refusal(of: .number(2)) == (closed ? .closed : nil))
    }

    @Test func takingARequestReleasesItsProgressToken() {
        var state = Self.state()
        state.register(Self.pending(1, token: "p"))
        #expect(state.progressOwners[.string("p")] == .number(1))
        #expect(state.take(.number(1))?.id == .number(1))
        #expect(state.progressOwners.isEmpty)
        #expect(state.take(.number(1)) == nil)
    }

    @Test(arguments: [
        (after: Duration.seconds(0), overdue: [Int](), keepAlives: [Int]()),
        (after: .seconds(1), overdue: [], keepAlives: [1, 2]),
        (after: .seconds(10), overdue: [2], keepAlives: [1, 2]),
        (after: .seconds(30), overdue: [1, 2], keepAlives: [1, 2]),
    ])
    func deadlinesAndKeepAlivesFollowTheClock(after: Duration, overdue: [Int], keepAlives: [Int]) {
        var state = Self.state()
        state.register(Self.pending(1, deadline: .seconds(30)))
        state.register(Self.pending(2, deadline: .seconds(10)))
        state.register(Self.pending(3, deadline: .seconds(60), interim: false))
        let now = Self.start + after
        #expect(state.keepAlivesDue(now: now, interval: .seconds(2)).map(\.id).sorted { $0.json < $1.json } == keepAlives.map(RequestID.number))
        #expect(state.keepAlivesDue(now: now, interval: .seconds(2)).isEmpty, "each is rescheduled")
        #expect(state.takeOverdue(now: now).map(\.id).sorted { $0.json < $1.json } == overdue.map(RequestID.number))
        #expect(state.pending[.number(3)] != nil, "a request that takes no interim messages gets no keep-alives, and is not yet due")
    }

    @Test func aClosedConnectionTakesOnlyItsOwnRequests() {
        var state = Self.state()
        state.register(Self.pending(1, generation: 1))
        state.register(Self.pending(2, generation: 2))
        #expect(state.takeAll(generation: 1).map(\.id) == [.number(1)])
        #expect(Array(state.pending.keys) == [.number(2)])
    }

    @Test(arguments: [
        (pages: [(tools: ["a"], continues: false, complete: true)], listing: ["a"] as [String]?),
        (pages: [(tools: ["a"], continues: false, complete: false)], listing: nil),
        (pages: [(tools: ["a"], continues: false, complete: false), (tools: ["b"], continues: true, complete: true)], listing: ["a", "b"]),
        (pages: [(tools: ["a"], continues: false, complete: false), (tools: ["b"], continues: false, complete: true)], listing: ["b"]),
    ])
    func aListingIsWholeOnlyAtItsLastPage(pages: [(tools: [String], continues: Bool, complete: Bool)], listing: [String]?) {
        var state = Self.state()
        var last: JSONValue?
        for page in pages {
            last = state.addListingPage(tools: page.tools.map { ["name": .string($0)] }, continuesListing: page.continues, complete: page.complete)
        }
        #expect(last?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == listing)
        #expect(state.listedPages.isEmpty == (listing != nil))
    }

    @Test(arguments: [
        (silent: Duration.seconds(299), inFlight: false, streamOpen: false, idle: false, abandoned: false),
        (silent: .seconds(300), inFlight: false, streamOpen: false, idle: true, abandoned: true),
        (silent: .seconds(300), inFlight: false, streamOpen: true, idle: true, abandoned: false),
        (silent: .seconds(3000), inFlight: true, streamOpen: false, idle: false, abandoned: false),
    ])
    func aSessionIsIdleWhenSilentWithNothingInFlightAndAbandonedWhenNobodyListensEither(
        silent: Duration, inFlight: Bool, streamOpen: Bool, idle: Bool, abandoned: Bool
    ) {
        var state = Self.state()
        if inFlight { state.register(Self.pending(1)) }
        let stream = streamOpen ? state.standalone.open() : nil
        #expect(stream != nil || !streamOpen)
        #expect(state.isIdle(now: Self.start + silent, idle: .seconds(300)) == idle)
        #expect(state.isIdle(now: Self.start + silent, idle: .seconds(300), withoutStream: true) == abandoned)
    }

    @Test func closingTakesEverythingOnce() {
        var state = Self.state()
        state.register(Self.pending(1))
        #expect(state.close()?.pending.map(\.id) == [.number(1)])
        #expect(state.close() == nil ? true : false, "a second close finds nothing")
        #expect(state.refusal(of: .number(2)) == .closed)
    }
}
