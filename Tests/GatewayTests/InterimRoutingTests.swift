import NIOCore
import Testing
@testable import Gateway

@Suite struct InterimRoutingTests {
    typealias Candidate = InterimRouting.Candidate

    @Test func aRelatedRequestInFlightGetsTheMessage() {
        let candidates = [Candidate(id: .number(1), sequence: 1), Candidate(id: .number(2), sequence: 2)]
        #expect(InterimRouting.destination(related: .number(1), candidates: candidates, standaloneOpen: true) == .request(.number(1)))
    }

    @Test func aMessageRelatedToAFinishedRequestGoesToTheStandaloneStream() {
        let candidates = [Candidate(id: .number(2), sequence: 2)]
        #expect(InterimRouting.destination(related: .number(1), candidates: candidates, standaloneOpen: false) == .standalone)
    }

    @Test func theOnlyRequestInFlightTakesUnrelatedMessages() {
        let candidates = [Candidate(id: .string("a"), sequence: 7)]
        #expect(InterimRouting.destination(related: nil, candidates: candidates, standaloneOpen: true) == .request(.string("a")))
    }

    @Test func severalRequestsInFlightLeaveUnrelatedMessagesToAnOpenStandaloneStream() {
        let candidates = [Candidate(id: .number(1), sequence: 1), Candidate(id: .number(2), sequence: 2)]
        #expect(InterimRouting.destination(related: nil, candidates: candidates, standaloneOpen: true) == .standalone)
    }

    @Test func withoutAStandaloneStreamTheNewestRequestTakesThem() {
        let candidates = [Candidate(id: .number(9), sequence: 3), Candidate(id: .number(4), sequence: 5)]
        #expect(InterimRouting.destination(related: nil, candidates: candidates, standaloneOpen: false) == .request(.number(4)))
    }

    @Test func nothingInFlightMeansTheStandaloneStream() {
        #expect(InterimRouting.destination(related: nil, candidates: [], standaloneOpen: false) == .standalone)
    }
}

@Suite struct StandaloneStreamTests {
    @Test func buffersUntilOpenedThenReplays() async {
        var stream = StandaloneStream(capacity: 3)
        stream.deliver(ByteBuffer(string: "1"))
        stream.deliver(ByteBuffer(string: "2"))
        let opened = stream.open()
        let (messages, _) = try! #require(opened)
        stream.deliver(ByteBuffer(string: "3"))
        stream.finish()
        var seen: [String] = []
        for await message in messages { seen.append(String(buffer: message)) }
        #expect(seen == ["1", "2", "3"])
    }

    @Test func dropsTheOldestBeyondItsCapacity() {
        var stream = StandaloneStream(capacity: 2)
        for text in ["a", "b", "c"] { stream.deliver(ByteBuffer(string: text)) }
        #expect(stream.buffered.map { String(buffer: $0) } == ["b", "c"])
        #expect(stream.dropped == 1)
    }

    @Test func allowsOneListenerAtATime() {
        var stream = StandaloneStream(capacity: 2)
        let first = stream.open()
        #expect(first != nil)
        #expect(stream.open() == nil)
        stream.detach(first!.id)
        #expect(stream.open() != nil)
    }
}

@Suite struct RequestIDTests {
    @Test func readsIDsFromTheirJSONText() {
        #expect(RequestID(jsonText: "7") == .number(7))
        #expect(RequestID(jsonText: #""a\u0062""#) == .string("ab"))
        #expect(RequestID(jsonText: "null") == nil)
        #expect(RequestID(jsonText: "7 8") == nil)
    }

    @Test func knowsTheGatewaysOwnIDs() {
        #expect(RequestID.string("gatehouse-initialize-1").isGatewayOwn)
        #expect(!RequestID.string("initialize-1").isGatewayOwn)
        #expect(!RequestID.number(1).isGatewayOwn)
    }
}
