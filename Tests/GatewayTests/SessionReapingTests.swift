import Foundation
import Logging
import Synchronization
import Testing
import TestSupport
import Upstream

@testable import Gateway

/// Sessions whose clients went away without `DELETE` are closed, with their upstream
/// processes, by the registry's sweeper on the injected clock: sooner when nobody listens.
@Suite struct SessionReapingTests {
    /// A stdio server in a real process: answers the fixture's `initialize` (id 0), then reads
    /// until its stdin closes.
    static let server = StdioServerSpec(
        name: "scripted", command: "sh",
        arguments: ["-c", #"read line; echo '{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"sh","version":"1"}}}'; while read rest; do :; done"#],
        shutdownGracePeriod: .seconds(2))

    @Test func anAbandonedSessionAndItsProcessAreReapedAfterFiveMinutes() async throws {
        let launched = Box<[StdioUpstream]>([])
        let fixture = try SessionFixture(limits: .init(sessionIdle: .seconds(1800), abandonedSession: .seconds(300))) {
            let upstream = try await StdioUpstream.launch(Self.server, logger: Logger(label: "reaping-tests"))
            launched.withLock { $0.append(upstream) }
            return upstream
        }
        try await fixture.initialize()
        let pid = try #require(launched.withLock { $0.first?.processID })
        #expect(Self.isRunning(pid))
        let sweeper = Task { await fixture.registry.runSweeper() }

        await fixture.clock.sleepers(atLeast: 1)
        fixture.clock.advance(by: .seconds(299))
        await fixture.clock.sleepers(atLeast: 1)
        #expect(fixture.registry.count == 1, "not yet abandoned")
        #expect(Self.isRunning(pid))

        fixture.clock.advance(by: .seconds(1))
        await fixture.clock.sleepers(atLeast: 1)
        #expect(fixture.registry.count == 0)
        #expect(fixture.session.isClosed)
        #expect(!Self.isRunning(pid), "the upstream process ended with its session")
        sweeper.cancel()
    }

    @Test func aSessionWithAnOpenStreamIsKeptUntilIdle() async throws {
        let (fixture, upstream) = try await SessionFixture.initialized(limits: .init(sessionIdle: .seconds(1800), abandonedSession: .seconds(300)))
        let listening = try #require(fixture.session.openStandaloneStream())
        await fixture.registry.sweep(now: fixture.sessionClock.now() + .seconds(300))
        #expect(fixture.registry.count == 1, "a client listening on its stream has not gone")
        await fixture.registry.sweep(now: fixture.sessionClock.now() + .seconds(1800))
        #expect(fixture.registry.count == 0)
        #expect(upstream.closedByGateway.withLock { $0 })
        _ = listening
    }

    /// Whether the process exists and has not exited (a reaped one has no /proc entry).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let paren = stat.lastIndex(of: ")") else {
            return false
        }
        return !"ZX".contains(stat[stat.index(paren, offsetBy: 2)])
    }
}
