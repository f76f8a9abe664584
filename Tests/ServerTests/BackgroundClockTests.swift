import Foundation
import GatewayRuntime
import JSON
import Logging
import NIOCore
import Policy
import Store
import Testing
import TestSupport
@testable import Server

/// The server's background loops run on the clock they are given: the refusal log's flushes,
/// the audit event stream's polls and keep-alives, and the policy version follower's rounds.
@Suite struct BackgroundClockTests {
    static func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-clock-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aClosedRefusalWindowIsWrittenAtTheNextFlushOfTheInjectedClock() async throws {
        let stores = try StateStores.open(.sqlite(directory: try Self.temporaryFolder()))
        let time = ManualTimeSource(Date(timeIntervalSince1970: 1_000))
        let timer = ManualClock()
        let log = AccessRefusalLog(audit: AuditLog(store: stores.audit), clock: time, timer: timer, logger: Logger(label: "refusal-tests"))
        let running = Task { try await log.run() }
        log.note(AccessRefusalTests.refusal("10.0.0.9", at: 1_000))
        await timer.sleepers(atLeast: 1)
        time.advance(by: 1.5)  // the window has closed
        #expect(try await stores.audit.query(AuditFilter(kind: .accessRefused)).isEmpty, "written at the next flush, not before")
        timer.advance(by: AccessRefusalLog.flushInterval)
        await timer.sleepers(atLeast: 1)  // the flush is done when the loop sleeps again
        let rows = try await stores.audit.query(AuditFilter(kind: .accessRefused))
        #expect(rows.count == 1 && rows.first?.detail?["remoteAddress"] == "10.0.0.9")
        running.cancel()
        try await running.value
    }

    @Test func theEventStreamSendsNewRowsAtItsNextPollAndAKeepAliveAfterAQuietSpell() async throws {
        let stores = try StateStores.open(.sqlite(directory: try Self.temporaryFolder()))
        let clock = ManualClock()
        let stream = AuditEventStream(audit: stores.audit, pollInterval: .milliseconds(500), keepAliveInterval: .seconds(2), clock: clock)
        let (written, write) = AsyncStream.makeStream(of: String.self)
        let tailing = Task {
            try await stream.tail(after: 0, kinds: nil, server: nil) { write.yield(String(buffer: $0)) }
        }
        var events = written.makeAsyncIterator()
        await clock.sleepers(atLeast: 1)  // the first poll found nothing
        _ = try await stores.audit.append([AuditEntry(kind: .sessionOpened, grant: "ivy")])
        clock.advance(by: .milliseconds(500))
        let row = try #require(await events.next())
        #expect(row.hasPrefix("event: message\n") && row.contains("ivy"), "\(row)")
        // Quiet from now on: a keep-alive once two seconds of polls have passed without a row.
        for _ in 0..<4 {
            await clock.sleepers(atLeast: 1)
            clock.advance(by: .milliseconds(500))
        }
        #expect(await events.next() == ": keep-alive\n\n")
        #expect(clock.elapsed == .milliseconds(2_500))
        tailing.cancel()
        _ = try? await tailing.value
    }

    @Test func aVersionAnotherReplicaAppliedIsPutInForceAtTheFollowersNextRound() async throws {
        let fixture = try BuilderFixture()
        let clock = ManualClock()
        let follower = PolicyVersionFollower(policies: fixture.assembly.policies, versions: fixture.stores.policyVersions,
                                             clock: clock, logger: Logger(label: "follower-tests"))
        let following = Task { await follower.run() }
        await clock.sleepers(atLeast: 1)  // the first round took note of what the store holds
        let document = #"{"version": "1", "default": "deny", "tools": {"findManyPeople": {}}}"#
        let version = try await fixture.stores.policyVersions.append(server: "crm", document: document, by: "bob", comment: nil, at: Date())
        #expect(fixture.assembly.policies.activePolicy(for: "crm")?.source != .api(by: "bob", version: version.number),
                "not before the next round")
        clock.advance(by: .seconds(1))
        await clock.sleepers(atLeast: 1)  // the round is over when the follower sleeps again
        #expect(fixture.assembly.policies.activePolicy(for: "crm")?.source == .api(by: "bob", version: version.number))
        #expect(try String(contentsOfFile: fixture.policyFile, encoding: .utf8) == document + "\n")
        following.cancel()
        await following.value
    }
}
