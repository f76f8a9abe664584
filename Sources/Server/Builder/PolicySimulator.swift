import Foundation
import JSON
import Policy
import Store

/// Replays past `tools/call` rows of the audit log against a candidate policy: what would it
/// have decided, call by call?
///
/// Counters start empty and live in memory; each call is decided at its recorded time, so
/// rate limits count exactly as they would have. A call the candidate lets through keeps its
/// units unless the upstream answered it with a JSON-RPC error (its recorded outcome), as the
/// gateway settles it (`failed` rows mostly reached the upstream, so they keep theirs);
/// a held call (require_approval) is assumed approved, which counts against limits the most.
struct PolicySimulator: Sendable {
    let policy: CompiledPolicy

    /// Outcomes after which the gateway gives a call's units back: the upstream said it did not act.
    static let failedOutcomes: Set<AuditOutcome> = [.error]

    /// Decides every row in order (oldest first). Rows without a tool are skipped.
    func replay(_ rows: [AuditEntry], keepingChanges maximumChanges: Int) async -> SimulationReport {
        let clock = ManualTimeSource()
        let engine = PolicyEngine(policy: policy, counters: InMemoryCounterStore(), clock: clock)
        var report = SimulationReport(maximumChanges: maximumChanges)
        for (index, row) in rows.enumerated() {
            // A long replay shares its event loop with the gateway's traffic.
            if index % 1_000 == 999 { await Task.yield() }
            guard let tool = row.tool else { continue }
            let (arguments, known) = Self.arguments(of: row)
            let call = ToolCall(tool: tool, arguments: arguments, grant: row.grant ?? "unknown", session: row.session ?? "unknown")
            clock.set(row.time)
            let ruling = await engine.decide(call)
            let outcome: CallOutcome = row.outcome.map { Self.failedOutcomes.contains($0) } == true ? .failed : .completed
            await engine.settle(ruling, outcome: outcome)
            report.add(row: row, simulated: ruling.decision, argumentsKnown: known)
        }
        return report
    }

    /// The recorded arguments, or `{}` (and false) when the audit log kept only their digest.
    static func arguments(of row: AuditEntry) -> (JSONValue, Bool) {
        guard let text = row.arguments, let value = try? JSONParser.parse(text) else { return (.emptyObject, false) }
        return (value, true)
    }
}
