import Foundation
import JSON
import Logging
import Policy
import Store
import Upstream

/// Decides every `tools/call`, writes it to the audit log before it is forwarded, and settles
/// it when it ends — the gateway's "reserve, then commit or roll back" rule.
///
/// 1. the server's current policy decides (budgets are reserved atomically with the decision);
/// 2. a call needing approval waits at the ``ApprovalGate``;
/// 3. the audit row is written and durable (or the call is refused: fail closed);
/// 4. when the call ends, the reservation is kept — unless the upstream answered with a JSON-RPC
///    error or the call was never written to it (``CallEnd``) — and the audit row gets its
///    outcome and latency.
public struct Enforcer: Sendable {
    /// The policy in force for a server (live: reloaded when its file changes).
    public let policy: @Sendable (String) -> CompiledPolicy
    public let counters: any CounterStore
    public let audit: AuditLog
    /// When the store can write a reservation and its audit row together (SQLite), calls whose
    /// policy counts units are admitted through it: one transaction instead of two.
    public let admissions: (any AdmissionJournal)?
    /// What each row keeps of the arguments: their keyed digest, and as much of them as configured.
    public let auditArguments: AuditArgumentRecorder
    public let approvals: any ApprovalGate
    /// Refuses calls to tools whose definition changed since it was pinned (nil: no pinning).
    public let pins: PinGuard?
    public let metrics: GatewayMetrics
    public let clock: any TimeSource
    /// This gateway's name among replicas, written on the rows of the calls it forwards
    /// (``AuditEntry/forwardedBy``) so that its next start can close those it never saw end.
    public let replica: String?
    let logger: Logger

    public init(
        policy: @escaping @Sendable (String) -> CompiledPolicy, counters: any CounterStore, audit: AuditLog,
        admissions: (any AdmissionJournal)? = nil, auditArguments: AuditArgumentRecorder = .redacted, approvals: any ApprovalGate = UnavailableApprovals(),
        pins: PinGuard? = nil, metrics: GatewayMetrics = GatewayMetrics(), clock: any TimeSource = SystemTimeSource(),
        replica: String? = nil, logger: Logger = Logger(label: "gatehouse.gateway")
    ) {
        self.policy = policy
        self.counters = counters
        self.audit = audit
        self.admissions = admissions
        self.auditArguments = auditArguments
        self.approvals = approvals
        self.pins = pins
        self.metrics = metrics
        self.clock = clock
        self.replica = replica
        self.logger = logger
    }

    /// The reason an agent reads when the audit log cannot be written.
    public static let auditUnavailableReason =
        "policy state unavailable: the gateway cannot write its audit log, so the call is refused (every forwarded call must be recorded first)"

    /// Whether the server's policy holds this call for a person's approval (the session then
    /// answers the agent with a stream at once, so it can hear progress while the call waits).
    public func holdsForApproval(_ call: ToolCall, server: String) -> Bool {
        let policy = policy(server)
        guard policy.mayRequireApproval else { return false }
        switch policy.evaluate(call) {
        case .decided(let decision), .count(_, then: let decision):
            if case .requireApproval = decision { return true }
            return false
        }
    }

    /// Decides a call. When it may go ahead, its audit row is durable on return. A call that
    /// needs approval waits at the gate with what the session's `hold` offers.
    public func admit(_ call: ToolCall, server: String, hold: HoldContext = .none) async -> Admission {
        let decidedAt = ContinuousClock.now
        if let pins, let reason = pins.refusal(server: server, tool: call.tool) {
            return await refuseChangedTool(call, server: server, reason: reason)
        }
        let policy = policy(server)
        let engine = PolicyEngine(policy: policy, counters: counters, clock: clock)
        if let admissions, case .count(let checks, let then) = policy.evaluate(call), then.isAllowed {
            return await admit(call, server: server, checks: checks, then: then, journal: admissions, engine: engine, decidedAt: decidedAt)
        }
        let ruling = await engine.decide(call)
        var entry = AuditEntry.toolCall(server: server, call: call, decision: ruling.decision, arguments: auditArguments,
                                        at: clock.now())
        var refusal = Refusal(server: server, tool: call.tool, decision: ruling.decision)
        if case .requireApproval(let rule, let options) = ruling.decision {
            switch await approvals.decide(call, server: server, rule: rule, options: options, hold: hold) {
            case .approved(let approver):
                refusal = nil
                entry.detail = ["approvedBy": .string(approver)]
            case .refused(let reason):
                refusal = Refusal(server: server, tool: call.tool, decision: ruling.decision.name, rule: rule.description, reason: reason)
                entry.reason = reason
            }
        }
        metrics.call(server: server, tool: call.tool, decision: ruling.decision.name)
        if refusal == nil { entry.forwardedBy = replica }
        let auditID: Int64
        do {
            auditID = try await audit.record(entry)
        } catch {
            logger.error("audit log unavailable; refusing the call", metadata: ["tool": "\(call.tool)", "error": "\(error)"])
            await engine.settle(ruling, outcome: .failed)
            // The refusal itself is recorded once the store takes writes again.
            if refusal == nil {
                entry.forwardedBy = nil
                entry.decision = "deny"
                entry.rule = "gateway"
                entry.reason = Self.auditUnavailableReason
            }
            await audit.recordLater(entry)
            return .refuse(Refusal(server: server, tool: call.tool, decision: "deny", rule: "gateway",
                                   reason: Self.auditUnavailableReason))
        }
        if let refusal {
            await engine.settle(ruling, outcome: .failed)
            return .refuse(refusal)
        }
        return .forward(AdmittedCall(server: server, call: call, ruling: ruling, engine: engine, auditID: auditID,
                                     decidedAt: decidedAt))
    }

    /// A call to a tool whose definition changed since it was pinned: refused and audited.
    private func refuseChangedTool(_ call: ToolCall, server: String, reason: String) async -> Admission {
        let refusal = Refusal(server: server, tool: call.tool, decision: "deny", rule: PinGuard.rule, reason: reason)
        var entry = AuditEntry.toolCall(server: server, call: call, decision: .deny(reason: reason, rule: .defaultRule),
                                        arguments: auditArguments, at: clock.now())
        entry.rule = PinGuard.rule
        metrics.call(server: server, tool: call.tool, decision: "deny")
        await record(entry)
        return .refuse(refusal)
    }

    /// An allowed call that counts units: reservation and audit row in one transaction.
    private func admit(_ call: ToolCall, server: String, checks: [LimitCheck], then: Decision, journal: any AdmissionJournal,
                       engine: PolicyEngine, decidedAt: ContinuousClock.Instant) async -> Admission {
        let now = clock.now()
        let mode = auditArguments
        let replica = replica
        let admitted: (outcome: ReservationOutcome, auditID: Int64)
        do {
            admitted = try await journal.admit(checks, at: now) { outcome in
                var entry = AuditEntry.toolCall(server: server, call: call, decision: Self.decision(outcome, call: call, then: then),
                                                arguments: mode, at: now)
                if case .reserved = outcome { entry.forwardedBy = replica }
                return entry
            }
        } catch {
            logger.error("counters and audit log unavailable; refusing the call", metadata: ["tool": "\(call.tool)", "error": "\(error)"])
            metrics.call(server: server, tool: call.tool, decision: "deny")
            // The refusal is a decision too: recorded once the store takes writes again.
            let refusal = Decision.deny(reason: PolicyEngine.stateUnavailableReason, rule: then.rule)
            await audit.recordLater(AuditEntry.toolCall(server: server, call: call, decision: refusal, arguments: mode, at: now))
            return .refuse(Refusal(server: server, tool: call.tool, decision: "deny", rule: then.rule.description,
                                   reason: PolicyEngine.stateUnavailableReason))
        }
        let decision = Self.decision(admitted.outcome, call: call, then: then)
        metrics.call(server: server, tool: call.tool, decision: decision.name)
        switch admitted.outcome {
        case .reserved(let reservation):
            return .forward(AdmittedCall(server: server, call: call, ruling: Ruling(decision: decision, reservation: reservation),
                                         engine: engine, auditID: admitted.auditID, decidedAt: decidedAt))
        case .exceeded:
            // An exceeded reservation took nothing: there is nothing to give back.
            return .refuse(Refusal(server: server, tool: call.tool, decision: decision)
                ?? Refusal(server: server, tool: call.tool, decision: decision.name, rule: decision.rule.description, reason: "rate limited"))
        }
    }

    /// What a reservation's outcome makes of the decision the policy would take.
    static func decision(_ outcome: ReservationOutcome, call: ToolCall, then: Decision) -> Decision {
        switch outcome {
        case .reserved: return then
        case .exceeded(let check, let retryAfter): return CompiledPolicy.rateLimited(call, check: check, retryAfter: retryAfter)
        }
    }

    /// Settles a forwarded call: keeps or gives back its units, completes its audit row.
    public func finish(_ admitted: AdmittedCall, end: CallEnd) async {
        if let error = await admitted.engine.settle(admitted.ruling, outcome: end.keepsUnits ? .completed : .failed) {
            logger.warning("could not settle a call's rate-limit units", metadata: ["tool": "\(admitted.call.tool)", "error": "\(error)"])
        }
        let latency = ContinuousClock.now - admitted.decidedAt
        metrics.callLatency(server: admitted.server, duration: latency)
        guard let id = admitted.auditID else { return }
        let (seconds, attoseconds) = latency.components
        let milliseconds = Double(seconds) * 1_000 + Double(attoseconds) / 1e15
        await audit.complete(AuditCompletion(id: id, outcome: Self.outcome(of: end), latencyMs: milliseconds,
                                             error: Self.errorText(of: end)))
    }

    static func outcome(of end: CallEnd) -> AuditOutcome {
        switch end {
        case .result(let isError): return isError ? .toolError : .ok
        case .error: return .error
        case .notSent, .lost: return .failed
        case .timeout: return .timeout
        case .cancelled: return .cancelled
        }
    }

    static func errorText(of end: CallEnd) -> String? {
        switch end {
        case .error(let text), .notSent(let text), .lost(let text): return text
        case .timeout: return "no answer within the call timeout"
        case .result, .cancelled: return nil
        }
    }

    /// Which tools `tools/list` shows for a server: those its current policy lists, minus the
    /// tools whose definition changed since it was pinned — a rug pull's new description must not
    /// reach the model before someone has approved it.
    public func toolListFilter(server: String) -> ToolListFilter {
        let policy = policy(server)
        guard let pins else { return ToolListFilter(isListed: policy.isListed) }
        return ToolListFilter { name in policy.isListed(name) && pins.refusal(server: server, tool: name) == nil }
    }

    // MARK: - Other audited events

    func recordToolsListed(server: String, grant: String, session: String, hidden: [String]) async {
        await record(AuditEntry(time: clock.now(), kind: .toolsList, grant: grant, session: session, server: server,
                                decision: "filtered", reason: "\(hidden.count) tool(s) hidden by policy",
                                detail: ["hidden": .array(hidden.map(JSONValue.string))]))
    }

    func recordUpstreamClosed(server: String, grant: String, session: String, closure: UpstreamClosure, pending: Int) async {
        await record(AuditEntry(time: clock.now(), kind: .upstreamCrashed, grant: grant, session: session, server: server,
                                reason: closure.description, detail: ["requestsInFlight": .int(Int64(pending))]))
    }

    /// A message refused before any policy (``JSONRPCEnvelopeRules``), from the agent or the upstream.
    public func recordRefusedMessage(_ problem: JSONRPCEnvelopeProblem, method: String?, from source: MessageSource,
                                     server: String, grant: String, session: String?) async {
        metrics.messageRefused(server: server)
        await record(AuditEntry(time: clock.now(), kind: .messageRefused, grant: grant, session: session, server: server,
                                decision: "refused", rule: "gateway", reason: problem.description,
                                detail: ["from": .string(source.rawValue), "method": method.map(JSONValue.string) ?? .null,
                                         "problem": .string(problem.rule)]))
    }

    /// A session opened or closed.
    public func recordSession(_ kind: AuditKind, server: String, grant: String, session: String, reason: String? = nil) async {
        await record(AuditEntry(time: clock.now(), kind: kind, grant: grant, session: session, server: server, reason: reason))
    }

    /// Writes an event row; when the store fails, the row is queued for when it is back (the
    /// event already happened).
    public func record(_ entry: AuditEntry) async {
        do {
            _ = try await audit.record(entry)
        } catch {
            logger.error("could not write an audit row; it is kept for when the store is back", metadata: ["kind": "\(entry.kind)", "error": "\(error)"])
            await audit.recordLater(entry)
        }
    }
}
