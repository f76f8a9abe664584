// Policy decision benchmark: a 200-rule policy with exact names, patterns and a limit, decided
// in memory. Prints decisions per second and median/p99 nanoseconds per decision.
//
//   scripts/bench-policy            (builds in release mode and runs this)
import BenchmarkSupport
import Foundation
import JSON
import Policy

/// 150 exact names, 49 patterns of varied shapes, one rate-limited tool, and a policy-wide limit.
/// `guarded` gives two of the exact rules a `path_within` and a `url_host_in` condition.
func makePolicy(guarded: Bool = false) throws -> CompiledPolicy {
    var tools = JSONObject()
    let verbs = ["List", "Get", "Create", "Update", "Delete", "Find", "Search", "Export", "Import", "Archive"]
    let nouns = ["Person", "Company", "Task", "Note", "Opportunity", "Workspace", "Account", "Invoice", "Ticket", "Message",
                 "Attachment", "Comment", "View", "Field", "Webhook"]
    for (i, name) in zip(0..<150, verbs.flatMap { v in nouns.map { v + "One" + $0 } }) {
        tools[name] = i % 3 == 0 ? ["action": "deny", "reason": "not for agents"] : ["action": "allow"]
    }
    for i in 0..<49 {
        let key: String
        switch i % 4 {
        case 0: key = "tool_\(i)_*"
        case 1: key = "*_suffix_\(i)"
        case 2: key = "ns\(i).*.read"
        default: key = "Bulk\(i)*Many*"
        }
        tools[key] = i % 2 == 0 ? ["action": "allow"] : ["action": "require_approval"]
    }
    if guarded {
        tools["GetOneAttachment"] = ["conditions": [["path": "args.uri", "op": "path_within", "value": ["/srv/docs", "/srv/shared"]]]]
        tools["ImportOneWebhook"] = ["conditions": [["path": "args.url", "op": "url_host_in",
                                                     "value": ["hooks.example.com", "*.example.org", "127.0.0.1"]]]]
    }
    tools["UpdateOneConnectedAccount"] = ["limits": [["counter": "updateoneconnectedaccount_rate", "window": "minute",
                                                       "max": 1_000_000_000, "scope": "grant"]]]
    let document: JSONValue = ["version": "1", "default": "deny", "tools": .object(tools)]
    return try CompiledPolicy(text: JSONWriter().string(document))
}

/// A mix of calls: exact hits, pattern hits, misses that fall to the default, and the limited tool.
func makeCalls() -> [ToolCall] {
    let names = ["ListOnePerson", "DeleteOneTask", "tool_8_anything", "x_suffix_9", "ns10.items.read", "Bulk11XManyY",
                 "NotInThePolicy", "UpdateOneConnectedAccount", "SearchOneWebhook", "another_unknown_tool"]
    return (0..<1_000).map { i in
        ToolCall(tool: names[i % names.count], arguments: ["id": .int(Int64(i))], grant: "grant-\(i % 4)", session: "s")
    }
}

func percentile(_ sorted: [UInt64], _ p: Double) -> UInt64 {
    sorted[min(sorted.count - 1, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1)]
}

/// The cost of reading the clock twice, subtracted from each sample.
func timerOverhead() -> UInt64 {
    var samples: [UInt64] = []
    for _ in 0..<100_000 {
        let start = now()
        samples.append(now() - start)
    }
    samples.sort()
    return samples[samples.count / 2]
}

func report(_ label: String, samples: [UInt64], total: UInt64, overhead: UInt64) {
    let adjusted = samples.map { $0 > overhead ? $0 - overhead : 0 }.sorted()
    let perSecond = Double(samples.count) / (Double(total) / 1e9)
    print(String(format: "%-40@ %12.0f decisions/s   median %5llu ns   p99 %6llu ns", label as NSString, perSecond,
                 percentile(adjusted, 50), percentile(adjusted, 99)))
}

/// Runs off the main actor: awaiting the engine from top-level code would hop threads on every
/// call and measure the scheduler instead of the policy.
@concurrent func run(iterations: Int) async throws {
    let policy = try makePolicy()
    let calls = makeCalls()
    let engine = PolicyEngine(policy: policy, counters: InMemoryCounterStore())
    let overhead = timerOverhead()
    print("policy: \(policy.document.tools.count) rules (\(policy.document.tools.filter { $0.key.contains("*") }.count) patterns, 1 limited tool); \(iterations) decisions; timer overhead \(overhead) ns subtracted")

    for call in calls { _ = await engine.decide(call) }  // warm up

    var samples = [UInt64](repeating: 0, count: iterations)
    var start = now()
    for i in 0..<iterations {
        let t0 = now()
        let ruling = await engine.decide(calls[i % calls.count])
        samples[i] = now() - t0
        if ruling.reservation != nil, i % 4096 == 0 { await engine.settle(ruling, outcome: .completed) }
    }
    report("engine.decide (with counters)", samples: samples, total: now() - start, overhead: overhead)

    start = now()
    for i in 0..<iterations {
        let t0 = now()
        _ = policy.evaluate(calls[i % calls.count])
        samples[i] = now() - t0
    }
    report("policy.evaluate (no counters)", samples: samples, total: now() - start, overhead: overhead)

    // The parsing operators, on the same policy with two rules guarded (not part of the mix above,
    // so those two lines compare with earlier runs).
    let guarded = try makePolicy(guarded: true)
    let guardedCalls: [(String, ToolCall)] = [
        ("path_within, file: URI (allowed)", ToolCall(tool: "GetOneAttachment", arguments: ["uri": "file:///srv/docs/reports/2024/q3.pdf"])),
        ("path_within, ..%2f traversal (denied)", ToolCall(tool: "GetOneAttachment", arguments: ["uri": "file:///srv/docs/..%2f..%2fetc%2fhostname"])),
        ("url_host_in, https URL (allowed)", ToolCall(tool: "ImportOneWebhook", arguments: ["url": "https://api.v2.example.org/hooks/12345?x=1"])),
        ("url_host_in, userinfo trick (denied)", ToolCall(tool: "ImportOneWebhook", arguments: ["url": "http://hooks.example.com@evil.com/"])),
    ]
    for (label, call) in guardedCalls {
        start = now()
        for i in 0..<iterations / 4 {
            let t0 = now()
            _ = guarded.evaluate(call)
            samples[i] = now() - t0
        }
        report(label, samples: Array(samples[0..<iterations / 4]), total: now() - start, overhead: overhead)
    }
}

let iterations = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 2_000_000
try await run(iterations: iterations)
