import JSON
import Policy
import Store

/// What a simulation found: totals by decision (recorded and simulated), per tool, and the
/// calls whose decision would change.
struct SimulationReport: Sendable {
    static let decisions = ["allow", "deny", "rate_limited", "require_approval"]

    let maximumChanges: Int
    private(set) var calls = 0
    private(set) var changedCount = 0
    /// Calls replayed without their arguments (the audit log kept only a digest): conditions
    /// and amount limits saw `{}`.
    private(set) var argumentsMissing = 0
    private(set) var recorded: [String: Int] = [:]
    private(set) var simulated: [String: Int] = [:]
    private(set) var tools: [String: [String: Int]] = [:]
    private(set) var changes: [JSONValue] = []

    init(maximumChanges: Int) {
        self.maximumChanges = maximumChanges
    }

    mutating func add(row: AuditEntry, simulated decision: Decision, argumentsKnown: Bool) {
        calls += 1
        if !argumentsKnown { argumentsMissing += 1 }
        let was = row.decision ?? "unknown"
        recorded[was, default: 0] += 1
        simulated[decision.name, default: 0] += 1
        tools[row.tool ?? "", default: [:]][decision.name, default: 0] += 1
        guard was != decision.name else { return }
        changedCount += 1
        guard changes.count < maximumChanges else { return }
        changes.append([
            "id": row.id.map(JSONValue.int) ?? .null,
            "time": .string(Timestamp.string(row.time)),
            "tool": row.tool.map(JSONValue.string) ?? .null,
            "grant": row.grant.map(JSONValue.string) ?? .null,
            "session": row.session.map(JSONValue.string) ?? .null,
            "recorded": ["decision": .string(was), "rule": row.rule.map(JSONValue.string) ?? .null,
                         "reason": row.reason.map(JSONValue.string) ?? .null],
            "simulated": ["decision": .string(decision.name), "rule": .string(decision.rule.description),
                          "reason": decision.reason.map(JSONValue.string) ?? .null],
        ])
    }

    /// The report as JSON: `calls`, `changed`, `argumentsMissing`, `recorded` and `simulated`
    /// (counts by decision, every decision present), `tools` (per tool, simulated counts),
    /// `changes` (at most `maximumChanges`, oldest first) and `changesTruncated`.
    var json: JSONValue {
        func counts(_ counts: [String: Int]) -> JSONValue {
            var members = JSONObject()
            for name in Self.decisions + counts.keys.filter({ !Self.decisions.contains($0) }).sorted() {
                members[name] = .int(Int64(counts[name] ?? 0))
            }
            return .object(members)
        }
        return [
            "calls": .int(Int64(calls)),
            "changed": .int(Int64(changedCount)),
            "argumentsMissing": .int(Int64(argumentsMissing)),
            "recorded": counts(recorded),
            "simulated": counts(simulated),
            "tools": .array(tools.keys.sorted().map { ["tool": .string($0), "simulated": counts(tools[$0] ?? [:])] }),
            "changes": .array(changes),
            "changesTruncated": .bool(changedCount > changes.count),
        ]
    }
}
