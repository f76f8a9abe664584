import Foundation
import Testing
@testable import Store

/// One suite every approval store passes.
@Suite struct ApprovalStoreContractTests {
    static let kinds = StoreKind.available.filter { $0 != .memory }

    /// A deadline no loaded machine reaches before the test decides: a waiter whose first read
    /// came after its deadline would return without waiting, and ``waiting(in:on:)`` would wait
    /// for it for ever.
    static var decidedInTime: Date { Date() + 3600 }

    func request(replica: String = "r1", expiresIn: TimeInterval = 300) -> ApprovalRequest {
        ApprovalRequest(server: "demo", tool: "DeleteOnePerson", arguments: #"{"id":"p1"}"#, grant: "alice", session: unique("s"),
                        rule: "/tools/Delete*", requestedAt: Date(), expiresAt: Date() + expiresIn, replica: replica)
    }

    /// Returns once a task waits in `store` for `id`'s decision, so the decision that follows
    /// is seen to wake a waiter (decided earlier, the waiter's first read would find it).
    /// The waiters these tests decide wait until ``decidedInTime``.
    static func waiting(in store: any ApprovalStore, on id: String) async {
        switch store {
        case let sqlite as SQLiteApprovalStore: _ = await sqlite.signal.nextWait(on: id)
        case let postgres as PostgresApprovalStore: _ = await postgres.database.approvalSignal.nextWait(on: id)
        default: Issue.record("no decision signal to watch in \(type(of: store))")
        }
    }

    @Test(arguments: kinds)
    func aDecisionReleasesTheWaiterAtOnce(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let store = stores.approvals
            let held = request()
            try await store.create(held)
            #expect(try await store.pending().contains { $0.id == held.id })
            // A waiter that was not woken would return `.pending` at the deadline.
            async let waited = store.waitForDecision(id: held.id, until: Self.decidedInTime)
            await Self.waiting(in: store, on: held.id)
            _ = try await store.decide(id: held.id, verdict: .approve, by: "admin", note: "ok", at: Date())
            let result = try await waited
            #expect(result.status == .approved)
            #expect(result.note == "ok")
            #expect(try await !store.pending().contains { $0.id == held.id })
        }
    }

    @Test(arguments: kinds)
    func aDecisionThroughAnotherConnectionReachesTheWaiter(kind: StoreKind) async throws {
        try await withStores(kind, count: 2) { stores in
            let held = request()
            try await stores[0].approvals.create(held)
            async let waited = stores[0].approvals.waitForDecision(id: held.id, until: Self.decidedInTime)
            await Self.waiting(in: stores[0].approvals, on: held.id)
            _ = try await stores[1].approvals.decide(id: held.id, verdict: .deny, by: "bob", note: "not today", at: Date())
            let result = try await waited
            #expect(result.status == .denied)
            #expect(result.decidedBy == "bob")
        }
    }

    @Test(arguments: kinds)
    func waitingEndsAtTheDeadlineStillPending(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let held = request()
            try await stores.approvals.create(held)
            let result = try await stores.approvals.waitForDecision(id: held.id, until: Date() + 0.3)
            #expect(result.status == .pending)
            let closed = try await stores.approvals.close(id: held.id, as: .timedOut, note: "approval timed out", at: Date())
            #expect(closed.status == .timedOut)
        }
    }

    @Test(arguments: kinds)
    func aDecidedRequestCannotBeDecidedAgainNorClosed(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let held = request()
            try await stores.approvals.create(held)
            _ = try await stores.approvals.decide(id: held.id, verdict: .approve, by: "a", note: nil, at: Date())
            await #expect(throws: StoreError.self) {
                try await stores.approvals.decide(id: held.id, verdict: .deny, by: "b", note: nil, at: Date())
            }
            #expect(try await stores.approvals.close(id: held.id, as: .withdrawn, note: nil, at: Date()).status == .approved)
            await #expect(throws: StoreError.self) {
                try await stores.approvals.decide(id: "no-such-id", verdict: .deny, by: "b", note: nil, at: Date())
            }
        }
    }

    @Test(arguments: kinds)
    func aRestartInterruptsOnlyThatReplicasRequests(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let mine = request(replica: unique("a")), theirs = request(replica: unique("b"))
            try await stores.approvals.create(mine)
            try await stores.approvals.create(theirs)
            let interrupted = try await stores.approvals.interruptPending(replica: mine.replica, at: Date())
            #expect(interrupted.map(\.id) == [mine.id])
            #expect(try await stores.approvals.request(id: mine.id)?.status == .interrupted)
            #expect(try await stores.approvals.request(id: theirs.id)?.status == .pending)
        }
    }

    @Test(arguments: kinds)
    func rememberedApprovalsExpire(kind: StoreKind) async throws {
        try await withStores(kind) { stores in
            let grant = RememberedScope.grant(unique("alice")), now = Date()
            #expect(try await !stores.approvals.isRemembered(grant, server: "demo", tool: "t", at: now))
            try await stores.approvals.remember(grant, server: "demo", tool: "t", until: now + 60)
            #expect(try await stores.approvals.isRemembered(grant, server: "demo", tool: "t", at: now + 30))
            #expect(try await !stores.approvals.isRemembered(grant, server: "demo", tool: "t", at: now + 61))
            #expect(try await !stores.approvals.isRemembered(.session(grant.subject), server: "demo", tool: "t", at: now))
        }
    }
}
