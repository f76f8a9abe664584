import JSON
import Testing
import TestSupport
import Upstream

@testable import Gateway

/// The upstream connection of one client on its own: opened once for concurrent users, the
/// gateway's own requests answered, failed when the connection closes, timed out on the clock.
@Suite struct UpstreamLinkManagerTests {
    final class Fixture: Sendable {
        let clock = ManualClock()
        let time: SessionClock
        let opened = Box<[ScriptedUpstream]>([])
        let manager: UpstreamLinkManager

        init(idle: Duration? = nil) {
            let opened = opened
            let route = UpstreamRoute(server: "scripted", callTimeout: .seconds(30), startupTimeout: .seconds(60), idleTimeout: idle) {
                let upstream = ScriptedUpstream()
                opened.withLock { $0.append(upstream) }
                return upstream
            }
            time = SessionClock(clock)
            manager = UpstreamLinkManager(route: route, now: time.now)
        }

        /// A `tools/list` of the gateway's own, sent on a fresh link and not answered.
        func ownRequestInFlight() async throws -> (UpstreamLink, Task<JSONRPCMessage, any Error>) {
            let link = try await link()
            let upstream = try #require(opened.withLock { $0.first })
            let answer = Task { try await manager.request("tools/list", paramsJSON: "{}", on: link) }
            _ = await upstream.next("tools/list")
            return (link, answer)
        }

        /// The live link, opened with `prepare` when there is none.
        func link(prepare: @escaping @Sendable (UpstreamLink) async throws -> Void = { _ in }) async throws -> UpstreamLink {
            try await manager.link { .open(prepare: prepare) }
        }
    }

    @Test func concurrentUsersShareOneFreshConnection() async throws {
        let fixture = Fixture()
        async let first = fixture.link()
        async let second = fixture.link()
        let (a, b) = try await (first, second)
        #expect(a === b)
        #expect(fixture.opened.withLock { $0.count } == 1)
        await fixture.manager.close()
        #expect(fixture.opened.withLock { $0[0].closedByGateway.withLock { $0 } })
    }

    @Test func aRefusedOpeningStartsNothing() async throws {
        let fixture = Fixture()
        await #expect(throws: SessionError.notInitialized) {
            try await fixture.manager.link { .refused(.notInitialized) }
        }
        #expect(fixture.opened.withLock { $0.isEmpty })
    }

    @Test func anOwnRequestIsAnsweredByTheResponseWithItsID() async throws {
        let fixture = Fixture()
        let manager = fixture.manager
        let link = try await fixture.link { link in
            Task {
                for await event in link.connection.events {
                    if case .message(let message) = event, let parsed = try? JSONRPCMessage.parse(message.bytes) {
                        #expect(manager.answerOwn(parsed))
                    }
                }
            }
        }
        let answer = try await manager.request("initialize", paramsJSON: "{}", on: link)
        #expect(answer.id == .string("gatehouse-initialize-1"))
        #expect(answer.resultString("protocolVersion") == "2025-11-25")
        await manager.close()
    }

    @Test func anOwnRequestFailsWhenItsConnectionCloses() async throws {
        let fixture = Fixture()
        let (link, answer) = try await fixture.ownRequestInFlight()
        fixture.manager.closed(link, closure: UpstreamClosure(server: "scripted", cause: .exited(status: 1)))
        await #expect(throws: SessionError.self) { _ = try await answer.value }
        #expect(fixture.manager.current == nil, "the next use opens a fresh connection")
        await fixture.manager.close()
    }

    @Test func anOwnRequestTimesOutAtItsDeadlineOnTheClock() async throws {
        let fixture = Fixture()
        let (_, answer) = try await fixture.ownRequestInFlight()
        fixture.manager.sweep(now: fixture.time.now())
        #expect(fixture.manager.hasOwnRequests, "not yet due")
        fixture.clock.advance(by: .seconds(30))
        fixture.manager.sweep(now: fixture.time.now())
        await #expect(throws: SessionError.upstreamUnavailable(server: "scripted", reason: "no answer to the replayed tools/list within 30 s")) {
            _ = try await answer.value
        }
        await fixture.manager.close()
    }

    @Test func anUnusedConnectionIsTakenAwayOnlyOnceIdleLongEnough() async throws {
        let fixture = Fixture(idle: .seconds(60))
        let link = try await fixture.link()
        #expect(fixture.manager.takeIfIdle(now: fixture.time.now(), idle: .seconds(60)) == nil)
        fixture.clock.advance(by: .seconds(60))
        #expect(fixture.manager.takeIfIdle(now: fixture.time.now(), idle: .seconds(60)) === link)
        #expect(fixture.manager.current == nil)
        await link.connection.close()
        await fixture.manager.close()
    }
}
