import Foundation
import Synchronization
import Testing
@testable import Store
import TestSupport

/// What the stores do while their database cannot answer (the real outage, with a PostgreSQL
/// server stopped under two gateways, is tests/e2e/test_replicas.py).
@Suite struct StoreOutageTests {
    @Test func aKnownGrantKeepsWorkingWhileTheStoreCannotAnswer() async throws {
        try await withStores(.sqlite) { stores in
            let grants = GrantStoreWithOutage(stores.grants)
            let clock = ManualClock()
            let authenticator = GrantAuthenticator(store: grants, timeToLive: .milliseconds(1), staleLimit: .seconds(60), clock: clock)
            let issued = try await stores.grants.create(name: unique("ivy"), servers: ["demo"])
            #expect(try await authenticator.authenticate(token: issued.token)?.name == issued.grant.name)
            grants.outage.isDown = true
            clock.advance(by: .milliseconds(5))
            #expect(try await authenticator.authenticate(token: issued.token)?.name == issued.grant.name)
            await #expect(throws: StoreError.self) { try await authenticator.authenticate(token: GrantToken.generate()) }
        }
    }

    @Test func anAnswerOlderThanTheStaleLimitDoesNotStandIn() async throws {
        try await withStores(.sqlite) { stores in
            let grants = GrantStoreWithOutage(stores.grants)
            let clock = ManualClock()
            let authenticator = GrantAuthenticator(store: grants, timeToLive: .milliseconds(1), staleLimit: .milliseconds(20), clock: clock)
            let issued = try await stores.grants.create(name: unique("jon"), servers: ["demo"])
            _ = try await authenticator.authenticate(token: issued.token)
            grants.outage.isDown = true
            clock.advance(by: .milliseconds(40))
            await #expect(throws: StoreError.self) { try await authenticator.authenticate(token: issued.token) }
        }
    }

    @Test func anOperationThatDoesNotAnswerGivesUpAtItsDeadline() async throws {
        let clock = ManualClock()
        let availability = PostgresAvailability(operationTimeout: .milliseconds(50), clock: clock)
        let running = Task { try await availability.run("counters") { try await unanswered(Int.self) } }
        // The deadline's timer is running: move the clock to it (the operation never answers).
        await clock.sleepers(atLeast: 1)
        clock.advance(by: .milliseconds(50))
        let error = await #expect(throws: StoreError.self) { try await running.value }
        #expect(error?.description.contains("no answer from the database within") == true)
        #expect(clock.elapsed == .milliseconds(50))
    }

    @Test func findingTheDatabaseDownFailsWaitingOperationsAndRefusesNewOnesUntilItIsBack() async throws {
        let availability = PostgresAvailability(operationTimeout: .seconds(30), clock: ManualClock())
        let (started, start) = AsyncStream.makeStream(of: Void.self)
        let waiting = Task {
            try await availability.run("audit log") { () async throws -> Int in
                start.yield()
                return try await unanswered()
            }
        }
        // In flight once its operation runs.
        for await _ in started { break }
        #expect(availability.markDown("connection refused", message: "PostgreSQL does not answer"))
        await #expect(throws: StoreError.self) { try await waiting.value }
        await #expect(throws: StoreError.self) { try await availability.run("grants") { 1 } }
        #expect(availability.health.isUp == false && availability.health.error == "connection refused")
        #expect(availability.markUp())
        #expect(try await availability.run("grants") { 2 } == 2)
    }

    @Test func anAnswerBeforeTheDeadlineIsReturned() async throws {
        let availability = PostgresAvailability(operationTimeout: .seconds(5))
        #expect(try await availability.run("counters") { "ok" } == "ok")
        await #expect(throws: StoreError.self) {
            try await availability.run("counters") { () async throws -> Int in throw StoreError.conflict("taken") }
        }
    }
}

/// The audit log across an outage: what could not be written is written once the store is back.
@Suite struct AuditLogOutageTests {
    @Test func rowsAndOutcomesQueuedDuringAnOutageAreWrittenWhenTheStoreIsBack() async throws {
        try await withStores(.sqlite) { stores in
            let audit = AuditStoreWithOutage(stores.audit)
            let clock = ManualClock()
            let log = AuditLog(store: audit, completionDelay: .milliseconds(5), clock: clock)
            let running = Task { await log.run() }
            defer { running.cancel() }
            var attempts = audit.attempts.makeAsyncIterator()
            let tool = unique("tool")
            let admitted = try await log.record(AuditEntry(kind: .toolCall, tool: tool, decision: "allow"))
            #expect(await attempts.next() == true)
            audit.outage.isDown = true
            await #expect(throws: StoreError.self) { _ = try await log.record(AuditEntry(kind: .toolCall, tool: tool, decision: "allow")) }
            #expect(await attempts.next() == false)
            await log.recordLater(AuditEntry(kind: .toolCall, tool: tool, decision: "deny", reason: "policy state unavailable"))
            await log.complete(AuditCompletion(id: admitted, outcome: .ok, latencyMs: 3))
            // run() pauses, then tries the store, which is still down: the queues keep everything.
            await clock.sleepers(atLeast: 1)
            clock.advance(by: .milliseconds(5))
            #expect(await attempts.next() == false)
            audit.outage.isDown = false
            // The next try, after a longer pause, finds the store back.
            await clock.sleepers(atLeast: 1)
            clock.advance(by: AuditLog.maxRetryDelay)
            #expect(await attempts.next() == true)
            let rows = try await stores.audit.query(AuditFilter(tool: tool))
            #expect(rows.compactMap(\.decision).sorted() == ["allow", "deny"])
            #expect(rows.first { $0.decision == "allow" }?.outcome == .ok)
        }
    }
}

/// A real audit store that fails like an unreachable database while its switch is on.
final class AuditStoreWithOutage: AuditStore {
    let base: any AuditStore
    let outage = OutageSwitch()
    /// One element per write: true when it reached the store, false when the outage refused it.
    let attempts: AsyncStream<Bool>
    private let attempted: AsyncStream<Bool>.Continuation

    init(_ base: any AuditStore) {
        self.base = base
        (attempts, attempted) = AsyncStream.makeStream(of: Bool.self)
    }

    func write(appending entries: [AuditEntry], completing completions: [AuditCompletion]) async throws -> [Int64] {
        do {
            try outage.check("audit log")
        } catch {
            attempted.yield(false)
            throw error
        }
        let ids = try await base.write(appending: entries, completing: completions)
        attempted.yield(true)
        return ids
    }

    func query(_ filter: AuditFilter) async throws -> [AuditEntry] {
        try await base.query(filter)
    }
}

/// Makes a wrapped store throw what an unreachable database makes it throw.
final class OutageSwitch: Sendable {
    private let down = Mutex(false)

    var isDown: Bool {
        get { down.withLock { $0 } }
        set { down.withLock { $0 = newValue } }
    }

    func check(_ area: String) throws {
        if isDown { throw StoreError.unavailable("\(area): connection refused") }
    }
}

/// A real grant store that fails like an unreachable database while its switch is on.
final class GrantStoreWithOutage: GrantStore {
    let base: any GrantStore
    let outage = OutageSwitch()

    init(_ base: any GrantStore) { self.base = base }

    func create(name: String, servers: [String], at now: Date) async throws -> IssuedGrant {
        try outage.check("grants")
        return try await base.create(name: name, servers: servers, at: now)
    }
    func authenticate(token: String) async throws -> Grant? {
        try outage.check("grants")
        return try await base.authenticate(token: token)
    }
    func list() async throws -> [Grant] {
        try outage.check("grants")
        return try await base.list()
    }
    func grant(named name: String) async throws -> Grant? {
        try outage.check("grants")
        return try await base.grant(named: name)
    }
    func revoke(name: String, at now: Date) async throws -> Grant {
        try outage.check("grants")
        return try await base.revoke(name: name, at: now)
    }
}
