import Foundation
import Gateway
import Hummingbird
import JSON
import Policy
import Store

/// `POST /api/policies/validate`, `/explain` and `/simulate`: try a policy before it is in
/// force. Validate and explain read nothing private (no token); simulate replays the audit log
/// (admin only — the route checks).
struct PolicyEndpoints: Sendable {
    let directory: ServerDirectory
    let policies: LivePolicies
    let audit: any AuditStore

    /// Audit rows one simulation replays at most; a longer window is cut at the newest rows.
    static let maximumReplayedCalls = 100_000

    /// `{"policy": …, "server"?: id}` → `{"valid", "problems"}`; with `server`, rules naming tools
    /// the server lacks are warnings (with a did-you-mean) — from the catalog, or a live server's
    /// last listing (never a new one: this endpoint is open). Always 200: problems are the answer.
    func validate(_ body: JSONRequestBody) async throws(APIError) -> JSONValue {
        try body.allowOnly(["policy", "server"])
        let submission = try PolicySubmission.read(body)
        var problems = submission.check.problems
        var members = JSONObject()
        if let server = try body.string("server"), let document = submission.check.document {
            do {
                let tools = try await directory.classified(server, mayAskUpstream: false).server.tools.map(\.name)
                problems += PolicyChecker.warnings(for: document, availableTools: tools)
            } catch {
                members["toolWarnings"] = .string("skipped: \(error.message)")
            }
        }
        members["valid"] = .bool(submission.check.isValid)
        members["errors"] = .int(Int64(problems.filter { $0.severity == .error }.count))
        members["warnings"] = .int(Int64(problems.filter { $0.severity == .warning }.count))
        members["problems"] = .array(problems.map(\.json))
        return .object(members)
    }

    /// `{"tool", "arguments"?, "grant"?, "session"?, "repeat"?}` with `"policy"` (a candidate)
    /// or `"server"` (the policy in force there) → the decision and the rule that took it.
    /// Counters start empty; `repeat` decides that many identical calls and shows the last.
    func explain(_ body: JSONRequestBody) async throws(APIError) -> JSONValue {
        try body.allowOnly(["policy", "server", "tool", "arguments", "grant", "session", "repeat"])
        let (policy, source) = try policy(from: body)
        let call = ToolCall(
            tool: try body.requiredString("tool"), arguments: try body.object("arguments") ?? .emptyObject,
            grant: try body.string("grant") ?? "explain", session: try body.string("session") ?? "explain")
        let repeats = try body.integer("repeat", in: 1...10_000) ?? 1
        let engine = PolicyEngine(policy: policy, counters: InMemoryCounterStore(), clock: ManualTimeSource())
        var ruling = await engine.decide(call)
        for _ in 1..<repeats { ruling = await engine.decide(call) }
        let budgets = await engine.budgetUse(for: call)
        guard case .object(var members) = policy.explanation(of: ruling.decision, for: call, budgets: budgets) else { return .null }
        members["policyFrom"] = .string(source)
        return .object(members)
    }

    /// `{"server", "policy", "hours"?: 24, "maxChanges"?: 200}` → the candidate replayed over the
    /// server's `tools/call` rows of the last `hours`: totals by decision, per tool, and the calls
    /// whose decision would change.
    func simulate(_ body: JSONRequestBody, now: Date = Date()) async throws(APIError) -> JSONValue {
        try body.allowOnly(["server", "policy", "hours", "maxChanges"])
        let server = try body.requiredString("server")
        let policy = try PolicySubmission.read(body).compiled()
        let hours = try body.number("hours", in: 0.01...(24 * 90)) ?? 24
        let maximumChanges = try body.integer("maxChanges", in: 0...5_000) ?? 200
        let since = now - hours * 3600
        let (rows, truncated) = try await toolCalls(server: server, since: since, until: now)
        let report = await PolicySimulator(policy: policy).replay(rows, keepingChanges: maximumChanges)
        guard case .object(let reportMembers) = report.json else { return .null }
        var members: JSONObject = [
            "server": .string(server), "hours": .double(hours), "from": .string(Timestamp.string(since)),
            "to": .string(Timestamp.string(now)), "truncated": .bool(truncated),
        ]
        for (key, value) in reportMembers { members[key] = value }
        return .object(members)
    }

    /// The server's `tools/call` rows in the window, oldest first; when there are more than
    /// ``maximumReplayedCalls``, the newest ones (and `truncated`).
    private func toolCalls(server: String, since: Date, until: Date) async throws(APIError) -> ([AuditEntry], Bool) {
        let filter = AuditFilter(server: server, kind: .toolCall, since: since, until: until, limit: Self.maximumReplayedCalls + 1)
        let newest: [AuditEntry]
        do {
            newest = try await audit.query(filter)
        } catch {
            throw .unavailable("the audit log cannot be read", error)
        }
        let truncated = newest.count > Self.maximumReplayedCalls
        return (Array(newest.prefix(Self.maximumReplayedCalls).reversed()), truncated)
    }

    /// The candidate in `policy`, or the policy in force on `server`.
    private func policy(from body: JSONRequestBody) throws(APIError) -> (CompiledPolicy, String) {
        if body.value("policy") != nil {
            return (try PolicySubmission.read(body).compiled(), "request")
        }
        guard let server = try body.string("server") else {
            throw .badRequest("send 'policy' (a policy to try) or 'server' (to use the policy in force there)")
        }
        guard let active = policies.activePolicy(for: server) else {
            throw .notFound("no server '\(server)' is configured in the gateway\(DidYouMean.hint(for: server, among: policies.servers))")
        }
        return (active.policy, "server")
    }
}
