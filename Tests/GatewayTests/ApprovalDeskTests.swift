import Foundation
import JSON
import Policy
@testable import Store
import Testing
import TestSupport
@testable import Gateway

/// The approval gate on a real SQLite store: decisions made through the store release the call,
/// the timeout and a withdrawal close the request themselves, remembered approvals skip the queue.
@Suite struct ApprovalDeskTests {
    struct Setup {
        var store: SQLiteApprovalStore
        var audit: SQLiteAuditStore
        var desk: ApprovalDesk
    }

    /// The desk's deadline is on the wall clock, which the store's waiting reads too: an hour by
    /// default, so that a loaded machine (a store write took 110 s in one CI run) cannot expire
    /// a request before the test decides it. Tests of the deadline pass their own.
    func setUp(timeout: Duration = .seconds(3600), clock: any TimeSource = SystemTimeSource()) throws -> Setup {
        let database = try SQLiteDatabase(directory: temporaryFolder())
        let store = SQLiteApprovalStore(database: database, pollPeriod: .milliseconds(50))
        let audit = SQLiteAuditStore(database: database)
        let desk = ApprovalDesk(store: store, audit: AuditLog(store: audit), timeout: timeout, replica: "test", clock: clock)
        return Setup(store: store, audit: audit, desk: desk)
    }

    let call = ToolCall(tool: "deleteOnePerson", arguments: ["id": "p1"], grant: "agent", session: "s1")
    let rule = RuleReference.tool("deleteOnePerson")

    /// The request the desk queued, once the desk waits for its decision. Throws instead if
    /// `deciding` ends first — the desk answered without waiting, so no wait will ever come.
    func waitForPending(_ store: SQLiteApprovalStore, while deciding: Task<Gateway.ApprovalVerdict, Never>) async throws -> ApprovalRequest {
        let watching = Task { await store.signal.nextWait() }
        let stopWatching = Task {
            _ = await deciding.value
            watching.cancel()
        }
        defer { stopWatching.cancel() }
        guard let id = await watching.value else {
            let verdict = await deciding.value
            throw StoreError.notFound("the desk answered \(verdict) before it waited for a decision")
        }
        guard let request = try await store.pending().first(where: { $0.id == id }) else { throw StoreError.notFound("nothing was queued") }
        return request
    }

    func decide(_ setup: Setup, hold: HoldContext = .none) -> Task<Gateway.ApprovalVerdict, Never> {
        Task { [call, rule] in await setup.desk.decide(call, server: "crm", rule: rule, options: ApprovalOptions(), hold: hold) }
    }

    @Test func anApprovalInTheStoreReleasesTheCall() async throws {
        let setup = try setUp()
        let deciding = decide(setup)
        let request = try await waitForPending(setup.store, while: deciding)
        #expect(request.arguments == #"{"id":"p1"}"#)
        _ = try await ApprovalDecision.decide(id: request.id, verdict: .approve, by: "ops", note: nil, approvals: setup.store,
                                              audit: setup.audit)
        #expect(await deciding.value == .approved(by: "ops"))
        let kinds = try await setup.audit.query(AuditFilter(limit: 10)).map(\.kind)
        #expect(kinds == [.approvalDecided, .approvalRequested])
    }

    @Test func aDenialCarriesTheNote() async throws {
        let setup = try setUp()
        let deciding = decide(setup)
        let request = try await waitForPending(setup.store, while: deciding)
        _ = try await setup.store.decide(id: request.id, verdict: .deny, by: "admin", note: "not today", at: Date())
        #expect(await deciding.value == .refused(reason: "denied by admin: not today"))
    }

    @Test func aDeskThatAnswersWithoutWaitingFailsTheWaitInsteadOfHangingIt() async throws {
        // Expired before the desk's first look: it closes the request without ever waiting.
        let setup = try setUp(timeout: .zero)
        let deciding = decide(setup)
        await #expect(throws: StoreError.self) { try await waitForPending(setup.store, while: deciding) }
        #expect(await deciding.value == .refused(reason: ApprovalDesk.timedOutReason))
    }

    @Test func nobodyDecidingTimesOut() async throws {
        let setup = try setUp(timeout: .milliseconds(200))
        let verdict = await setup.desk.decide(call, server: "crm", rule: rule, options: ApprovalOptions(), hold: .none)
        #expect(verdict == .refused(reason: ApprovalDesk.timedOutReason))
        #expect(try await setup.store.recent(limit: 1).first?.status == .timedOut)
    }

    @Test func aWithdrawnCallLeavesTheQueue() async throws {
        let setup = try setUp()
        let hold = HoldContext()
        let deciding = decide(setup, hold: hold)
        _ = try await waitForPending(setup.store, while: deciding)
        hold.withdrawn.fire("the agent disconnected")
        #expect(await deciding.value == .refused(reason: "the agent disconnected"))
        #expect(try await setup.store.pending().isEmpty)
        #expect(try await setup.store.recent(limit: 1).first?.status == .withdrawn)
    }

    @Test func aRequestWhoseHolderIsGoneIsClosedAsTimedOutOnceLongPastItsDeadline() async throws {
        // The desk's own clock, so that a slow machine cannot age the recently expired request.
        let now = ManualTimeSource()
        let setup = try setUp(clock: now)
        func request(expiring expiresAt: Date) -> ApprovalRequest {
            ApprovalRequest(server: "crm", tool: "deleteOnePerson", arguments: "{}", grant: "agent", session: "s1", rule: "/tools/deleteOnePerson",
                            requestedAt: expiresAt - 300, expiresAt: expiresAt, replica: "gatehouse-stdio@crashed")
        }
        let abandoned = request(expiring: now.now() - 3600)
        let recentlyExpired = request(expiring: now.now() - 1)
        let waiting = request(expiring: now.now() + 300)
        for pending in [abandoned, recentlyExpired, waiting] { try await setup.store.create(pending) }

        #expect(await setup.desk.closeAbandoned() == 1)
        #expect(try await setup.store.request(id: abandoned.id)?.status == .timedOut)
        #expect(Set(try await setup.store.pending().map(\.id)) == [recentlyExpired.id, waiting.id])
        let rows = try await setup.audit.query(AuditFilter(limit: 10))
        #expect(rows.map(\.kind) == [.approvalDecided] && rows.first?.decision == "timed_out")
    }

    @Test func aRememberedApprovalSkipsTheQueueForTheSameSession() async throws {
        let setup = try setUp()
        let options = ApprovalOptions(remember: .session)
        let first = Task { [call, rule] in await setup.desk.decide(call, server: "crm", rule: rule, options: options, hold: .none) }
        let request = try await waitForPending(setup.store, while: first)
        _ = try await setup.store.decide(id: request.id, verdict: .approve, by: "admin", note: nil, at: Date())
        #expect(await first.value == .approved(by: "admin"))
        #expect(await setup.desk.decide(call, server: "crm", rule: rule, options: options, hold: .none) == .approved(by: "remembered"))
    }

    @Test func aUserWhoNeverAnswersTimesOut() async throws {
        let database = try SQLiteDatabase(directory: temporaryFolder())
        let audit = SQLiteAuditStore(database: database)
        let clock = ManualClock()
        let desk = ApprovalDesk(store: SQLiteApprovalStore(database: database), audit: AuditLog(store: audit), timeout: .seconds(300),
                                replica: "test", timer: clock)
        // Asked, the client never answers (until the desk gives up and cancels the question).
        let silent = HoldContext(askUser: { _ in
            _ = try? await unanswered(Void.self)
            return .failed("cancelled")
        })
        async let verdict = desk.decide(call, server: "crm", rule: rule, options: ApprovalOptions(approver: .user), hold: silent)
        await clock.sleepers(atLeast: 1)
        clock.advance(by: .seconds(300))
        #expect(await verdict == .refused(reason: ApprovalDesk.timedOutReason))
        #expect(try await audit.query(AuditFilter(limit: 1)).first?.decision == "timed_out")
    }

    @Test func theUserIsAskedWhenTheClientCanBe() async throws {
        let setup = try setUp()
        let options = ApprovalOptions(approver: .user)
        let yes = HoldContext(askUser: { _ in .accepted(["approve": true]) })
        let no = HoldContext(askUser: { _ in .accepted(["approve": false]) })
        #expect(await setup.desk.decide(call, server: "crm", rule: rule, options: options, hold: yes) == .approved(by: "user"))
        #expect(await setup.desk.decide(call, server: "crm", rule: rule, options: options, hold: no) == .refused(reason: "the user declined the call"))
        #expect(try await setup.store.pending().isEmpty)
    }
}

/// The elicitation the gateway sends, and the rule that only an explicit accept approves.
@Suite struct ApprovalPromptTests {
    @Test func thePromptNamesTheCallAndAsksForOneBoolean() {
        let params = ApprovalPrompt.params(call: ToolCall(tool: "drop", arguments: ["table": "users"]), server: "db", risk: "high",
                                           reason: "policy rule /tools/drop requires a person's approval")
        let message = params["message"]?.stringValue ?? ""
        #expect(message.contains("drop on server db") && message.contains(#"{"table":"users"}"#) && message.contains("Risk: high"))
        #expect(params["requestedSchema"]?["properties"]?["approve"]?["type"] == "boolean")
    }

    @Test func onlyAnExplicitAcceptApproves() {
        #expect(ApprovalPrompt.refusal(of: .accepted(nil)) == nil)
        #expect(ApprovalPrompt.refusal(of: .accepted(["approve": true])) == nil)
        #expect(ApprovalPrompt.refusal(of: .accepted(["approve": false])) != nil)
        #expect(ApprovalPrompt.refusal(of: .declined(action: "decline")) != nil)
        #expect(ApprovalPrompt.refusal(of: .declined(action: "cancel")) != nil)
        #expect(ApprovalPrompt.refusal(of: .failed("timeout")) != nil)
        #expect(ApprovalPrompt.answer(result: ["action": "accept", "content": ["approve": true]], error: nil) == .accepted(["approve": true]))
        #expect(ApprovalPrompt.answer(result: nil, error: "-32600: nope") == .failed("-32600: nope"))
    }
}
