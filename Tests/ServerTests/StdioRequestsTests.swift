import Gateway
import Testing

@testable import GatewayRuntime

/// `gatehouse stdio`'s 2026-07-28 requests in flight: `notifications/cancelled` ends the one it
/// names, and nothing else.
@Suite struct StdioRequestsTests {
    @Test func cancellingAnIdEndsThatRequestOnly() async {
        let requests = StdioRequests()
        let (started, starting) = AsyncStream.makeStream(of: Void.self)
        let (ended, ending) = AsyncStream.makeStream(of: String.self)
        // A listen stream: waits for notifications that never come, until it is cancelled.
        let (quiet, keepOpen) = AsyncStream.makeStream(of: Void.self)
        let listen = Task {
            await requests.run(.number(1)) {
                starting.yield()
                for await _ in quiet {}
                ending.yield(Task.isCancelled ? "cancelled" : "ended")
            }
        }
        var iterator = started.makeAsyncIterator()
        await iterator.next()
        #expect(!requests.cancel(.number(2)), "no request runs under id 2")
        #expect(requests.cancel(.number(1)))
        await listen.value
        var endings = ended.makeAsyncIterator()
        #expect(await endings.next() == "cancelled")
        #expect(!requests.cancel(.number(1)), "an ended request is forgotten")
        keepOpen.finish()
    }
}
