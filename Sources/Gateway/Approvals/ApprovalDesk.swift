import Foundation
import JSON
import Logging
import Policy
import Store

/// The approval gate: a held call is asked of the person at the client (`"approver": "user"`,
/// when the client can be asked) or queued in the ``ApprovalStore`` for an admin (the API, the
/// `/approvals` page, `gatehouse approvals`), and waits — for a decision made anywhere, the
/// timeout, or the agent going away. Remembered decisions let later calls through at once.
///
/// Whoever changes a request records it in the audit log: the desk writes `approval_requested`
/// and the outcomes it brings about itself (timed out, withdrawn, the user's answer); the admin
/// who decides writes `approval_decided` (see ``ApprovalEvents``).
public struct ApprovalDesk: ApprovalGate {
    let store: any ApprovalStore
    let audit: AuditLog
    /// A held call nobody decides on is refused after this long.
    let timeout: Duration
    /// How long the person at a 2026-07-28 client has to answer (its `requestState`'s life).
    public let answerWindow: Duration
    /// This gateway process, so that its own pending requests can be found after a restart.
    let replica: String
    /// Told of every newly queued request (the webhook); must not block.
    let announce: @Sendable (ApprovalRequest) -> Void
    /// The tool's risk level, when the catalog knows it.
    let risk: @Sendable (_ server: String, _ tool: String) -> String?
    let clock: any TimeSource
    /// What the user's answer and the sweep's pauses are timed on (tests pass one they advance).
    let timer: any Clock<Duration>
    let logger: Logger

    public init(
        store: any ApprovalStore, audit: AuditLog, timeout: Duration, answerWindow: Duration? = nil, replica: String,
        announce: @escaping @Sendable (ApprovalRequest) -> Void = { _ in },
        risk: @escaping @Sendable (String, String) -> String? = { _, _ in nil },
        clock: any TimeSource = SystemTimeSource(), timer: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "gatehouse.approvals")
    ) {
        self.timer = timer
        self.store = store
        self.audit = audit
        self.timeout = timeout
        self.answerWindow = answerWindow ?? timeout
        self.replica = replica
        self.announce = announce
        self.risk = risk
        self.clock = clock
        self.logger = logger
    }

    /// The reason an agent reads when nobody decided in time.
    public static let timedOutReason = "approval timed out"
    /// The refusal a call gets while its question is with the agent (``ElicitationAnswer/deferred``):
    /// the gateway answers `input_required` instead, and decides again on the retry.
    public static let askedOnRetryReason = "waiting for the user's answer (asked through input_required)"

    public func decide(_ call: ToolCall, server: String, rule: RuleReference, options: ApprovalOptions, hold: HoldContext) async -> ApprovalVerdict {
        if await isRemembered(call, server: server, options: options) {
            return .approved(by: "remembered")
        }
        let verdict: ApprovalVerdict
        if options.approver == .user, let askUser = hold.askUser {
            verdict = await askTheUser(call, server: server, rule: rule, askUser: askUser, withdrawn: hold.withdrawn)
        } else {
            verdict = await queue(call, server: server, rule: rule, options: options, withdrawn: hold.withdrawn)
        }
        if case .approved = verdict { await remember(call, server: server, options: options) }
        return verdict
    }

    // MARK: The queue

    private func queue(_ call: ToolCall, server: String, rule: RuleReference, options: ApprovalOptions,
                       withdrawn: WithdrawalSignal) async -> ApprovalVerdict {
        let request = newRequest(call, server: server, rule: rule, approver: .admin)
        do {
            try await store.create(request)
        } catch {
            logger.error("cannot queue an approval request; refusing the call", metadata: ["tool": "\(call.tool)", "error": "\(error)"])
            return .refused(reason: "the approvals queue is unavailable, so the call that needs approval was refused")
        }
        await record(ApprovalEvents.requested(request, reason: Self.reason(rule)))
        logger.notice("call held for approval", metadata: ["approval": "\(request.id)", "tool": "\(call.tool)", "grant": "\(call.grant)"])
        announce(request)
        let outcome = await wait(for: request, withdrawn: withdrawn)
        return Self.verdict(for: outcome)
    }

    /// Waits for a decision, the deadline or the withdrawal, and closes the request itself in
    /// the last two cases. Returns the request as it ended.
    private func wait(for request: ApprovalRequest, withdrawn: WithdrawalSignal) async -> ApprovalRequest {
        let store = self.store
        let ended: ApprovalRequest? = await withTaskGroup(of: WaitEnd.self) { group in
            group.addTask {
                do {
                    return .store(try await store.waitForDecision(id: request.id, until: request.expiresAt))
                } catch {
                    return .failed("\(error)")
                }
            }
            group.addTask { .withdrawn(await withdrawn.wait()) }
            defer { group.cancelAll() }
            while let end = await group.next() {
                switch end {
                case .store(let current):
                    if current.status.isFinal { return current }
                    return nil
                case .withdrawn(let reason):
                    if let reason { return await close(request, as: withdrawn.status, note: reason) }
                case .failed(let problem):
                    logger.error("lost track of an approval request; refusing the call", metadata: ["approval": "\(request.id)", "error": "\(problem)"])
                    return await close(request, as: .withdrawn, note: "the gateway could not read the approvals queue (\(problem))")
                }
            }
            return nil
        }
        if let ended { return ended }
        return await close(request, as: .timedOut, note: Self.timedOutReason)
    }

    private enum WaitEnd: Sendable {
        case store(ApprovalRequest)
        case withdrawn(String?)
        case failed(String)
    }

    /// Ends a pending request without a person and records it — unless a person decided first,
    /// in which case their decision stands.
    private func close(_ request: ApprovalRequest, as status: ApprovalStatus, note: String) async -> ApprovalRequest {
        do {
            let closed = try await store.close(id: request.id, as: status, note: note, at: clock.now())
            if closed.status == status { await record(ApprovalEvents.decided(closed)) }
            return closed
        } catch {
            logger.error("could not close an approval request", metadata: ["approval": "\(request.id)", "error": "\(error)"])
            var closed = request
            closed.status = status
            closed.note = note
            return closed
        }
    }

    /// How long past its deadline a pending request may sit before ``closeAbandoned()`` ends it:
    /// a live holder times its own request out at the deadline, well within this.
    public static let abandonedAfter: Duration = .seconds(30)

    /// Closes, as timed out, the pending requests whose deadline passed ``abandonedAfter`` ago:
    /// the process that held them is gone (a crashed `gatehouse stdio`, a replica that never came
    /// back), so nobody else would take them out of the queue. Returns how many it closed.
    @discardableResult
    public func closeAbandoned() async -> Int {
        let cutoff = clock.now() - Self.abandonedAfter.seconds
        let abandoned: [ApprovalRequest]
        do {
            abandoned = try await store.pending().filter { $0.expiresAt < cutoff }
        } catch {
            logger.warning("cannot read pending approval requests", metadata: ["error": "\(error)"])
            return 0
        }
        var closed = 0
        for request in abandoned {
            let ended = await close(request, as: .timedOut, note: "\(Self.timedOutReason); the gateway holding the call (\(request.replica)) is gone")
            if ended.status == .timedOut { closed += 1 }
        }
        if closed > 0 { logger.notice("closed \(closed) abandoned approval request(s) as timed out") }
        return closed
    }

    /// Runs ``closeAbandoned()`` every `interval` until the task is cancelled.
    public func sweepAbandoned(every interval: Duration = .seconds(30)) async {
        while !Task.isCancelled {
            await closeAbandoned()
            try? await timer.sleep(for: interval)
        }
    }

    /// What the agent gets for a request that ended this way.
    static func verdict(for request: ApprovalRequest) -> ApprovalVerdict {
        switch request.status {
        case .approved:
            return .approved(by: request.decidedBy ?? "admin")
        case .denied:
            let note = request.note.flatMap { $0.isEmpty ? nil : $0 }
            return .refused(reason: "denied by \(request.decidedBy ?? "an approver")" + (note.map { ": \($0)" } ?? ""))
        case .timedOut, .pending:
            return .refused(reason: timedOutReason)
        case .withdrawn, .interrupted:
            return .refused(reason: request.note ?? "the approval request was withdrawn")
        }
    }

    // MARK: The person at the client

    private func askTheUser(_ call: ToolCall, server: String, rule: RuleReference,
                            askUser: @escaping @Sendable (JSONValue) async -> ElicitationAnswer,
                            withdrawn: WithdrawalSignal) async -> ApprovalVerdict {
        let request = newRequest(call, server: server, rule: rule, approver: .user)
        await record(ApprovalEvents.requested(request, reason: Self.reason(rule)))
        let params = ApprovalPrompt.params(call: call, server: server, risk: request.risk, reason: Self.reason(rule))
        let (timeout, timer) = (self.timeout, self.timer)
        let answer: ElicitationAnswer? = await withTaskGroup(of: ElicitationAnswer?.self) { group in
            group.addTask { await askUser(params) }
            group.addTask {
                try? await timer.sleep(for: timeout)
                return Task.isCancelled ? nil : .failed(Self.timedOutReason)
            }
            group.addTask { await withdrawn.wait().map { .failed("withdrawn: \($0)") } }
            defer { group.cancelAll() }
            while let next = await group.next() {
                if let next { return next }
            }
            return nil
        }
        if answer == .deferred { return .refused(reason: Self.askedOnRetryReason) }
        var decided = request
        decided.decidedAt = clock.now()
        decided.decidedBy = "user"
        let refusal = answer.map(ApprovalPrompt.refusal(of:)) ?? "the user could not be asked"
        switch (answer, refusal) {
        case (.failed(let problem), _) where problem == Self.timedOutReason:
            decided.status = .timedOut
            decided.note = Self.timedOutReason
        case (.failed(let problem), _) where problem.hasPrefix("withdrawn"):
            decided.status = .withdrawn
            decided.note = problem
        case (_, nil):
            decided.status = .approved
        case (_, let reason?):
            decided.status = .denied
            decided.note = reason
        }
        await record(ApprovalEvents.decided(decided))
        if decided.status == .approved { return .approved(by: "user") }
        return .refused(reason: decided.status == .timedOut ? Self.timedOutReason : decided.note ?? "the user declined the call")
    }

    // MARK: Remembered decisions

    static func scope(of call: ToolCall, options: ApprovalOptions) -> (RememberedScope, minutes: Int?)? {
        switch options.remember {
        case nil: return nil
        case .session: return (.session(call.session), nil)
        case .grant(let minutes): return (.grant(call.grant), minutes)
        }
    }

    private func isRemembered(_ call: ToolCall, server: String, options: ApprovalOptions) async -> Bool {
        guard let (scope, _) = Self.scope(of: call, options: options) else { return false }
        do {
            return try await store.isRemembered(scope, server: server, tool: call.tool, at: clock.now())
        } catch {
            logger.warning("cannot read remembered approvals; asking again", metadata: ["error": "\(error)"])
            return false
        }
    }

    private func remember(_ call: ToolCall, server: String, options: ApprovalOptions) async {
        guard let (scope, minutes) = Self.scope(of: call, options: options) else { return }
        // A session-scoped approval lasts as long as the session can (a day is longer than any idle limit).
        let until = clock.now() + Double(minutes.map { $0 * 60 } ?? 86_400)
        do {
            try await store.remember(scope, server: server, tool: call.tool, until: until)
        } catch {
            logger.warning("cannot remember an approval", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Helpers

    /// A pending request for `call`, expiring after the timeout. Its arguments are kept (and
    /// shown to the approver) without their secrets.
    private func newRequest(_ call: ToolCall, server: String, rule: RuleReference, approver: Approver) -> ApprovalRequest {
        let now = clock.now()
        return ApprovalRequest(
            server: server, tool: call.tool, arguments: ArgumentRedactor.canonicalText(ArgumentRedactor.redact(call.arguments)), grant: call.grant,
            session: call.session, rule: rule.description, approver: approver.rawValue, risk: risk(server, call.tool),
            requestedAt: now, expiresAt: now + timeout.seconds, replica: replica)
    }

    static func reason(_ rule: RuleReference) -> String {
        // Also written by ApprovalRequest.json: one wording everywhere.
        "policy rule \(rule) requires a person's approval"
    }

    private func record(_ entry: AuditEntry) async {
        do {
            _ = try await audit.record(entry)
        } catch {
            logger.error("could not write an approval event to the audit log", metadata: ["kind": "\(entry.kind)", "error": "\(error)"])
        }
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
