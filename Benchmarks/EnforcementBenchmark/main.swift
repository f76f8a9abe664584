// Enforcement benchmark: what the gateway spends on a forwarded tools/call besides moving bytes —
// reading the JSON-RPC envelope and the call, the policy decision with its SQLite counter
// reservation, the durable audit row, and settling the call afterwards — on real SQLite stores.
// Prints CPU µs per call (user + system, whole process) and wall µs per call, for 1 and 16
// concurrent callers, with and without a rate limit in the policy; then what recording one
// call's arguments costs (redaction by key and by value, keyed digest) for a few sizes. First,
// the envelope reader alone (JSONRPCMessage.parse, which reads every message in both directions):
// ns per message.
//
//   scripts/bench-enforcement [CALLS]     (builds in release mode and runs this)
import BenchmarkSupport
import Foundation
import Gateway
import JSON
import Logging
import NIOCore
import Policy
import Store

let request = ByteBuffer(string: #"{"jsonrpc":"2.0","id":17,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}"#)
let limited = #"{"version": "1", "default": "deny", "tools": {"echo": {"limits": [{"counter": "echo_rate", "window": "minute", "max": 100000000, "scope": "grant"}]}}}"#
let unlimited = #"{"version": "1", "default": "deny", "tools": {"echo": {}}}"#

/// One call as the session sees it: read the envelope and the call, admit, settle.
func oneCall(_ enforcer: Enforcer, session: String) async throws {
    let message = try JSONRPCMessage.parse(request)
    guard let params = message.decodedParams(), let name = params["name"]?.stringValue else { fatalError("bad request") }
    let call = ToolCall(tool: name, arguments: params["arguments"] ?? .emptyObject, grant: "bench", session: session)
    guard case .forward(let admitted) = await enforcer.admit(call, server: "echo") else { fatalError("refused") }
    await enforcer.finish(admitted, end: .result(isError: false))
}

func run(label: String, policyText: String, callers: Int, calls: Int) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-bench-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let stores = try StateStores.open(.sqlite(directory: directory))
    var logger = Logger(label: "bench")
    logger.logLevel = .error
    let audit = AuditLog(store: stores.audit, logger: logger)
    let policy = try CompiledPolicy(text: policyText)
    let enforcer = Enforcer(policy: { _ in policy }, counters: stores.counters, audit: audit, admissions: stores.admissions,
                            logger: logger)
    let flusher = Task { await audit.run() }
    for _ in 0..<200 { try await oneCall(enforcer, session: "warmup") }
    let perCaller = calls / callers
    let started = now()
    let cpuStarted = cpuMicroseconds()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for caller in 0..<callers {
            group.addTask {
                for _ in 0..<perCaller { try await oneCall(enforcer, session: "s\(caller)") }
            }
        }
        try await group.waitForAll()
    }
    try await audit.flush()
    let total = Double(perCaller * callers)
    let cpu = (cpuMicroseconds() - cpuStarted) / total
    let wall = Double(now() - started) / 1e3 / total
    flusher.cancel()
    let name = label.padding(toLength: 22, withPad: " ", startingAt: 0)
    print(name + String(format: " c=%-2d  CPU %6.1f µs/call  wall %6.1f µs/call  (%d calls)", callers, cpu, wall, Int(total)))
}

/// The envelope reader alone: the best of five runs of `count` parses, in ns per message.
func envelope(label: String, _ message: ByteBuffer, count: Int) throws {
    var best = Double.infinity
    for _ in 0..<5 {
        let started = now()
        for _ in 0..<count {
            let parsed = try JSONRPCMessage.parse(message)
            precondition(parsed.kind != .errorResponse)
        }
        best = min(best, Double(now() - started) / Double(count))
    }
    print(label.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: " %8.0f ns/message  (%d bytes)", best, message.readableBytes))
}

let bigText = String(repeating: "lorem ipsum dolor sit amet, ", count: 700)
let result = ByteBuffer(string: #"{"jsonrpc":"2.0","id":17,"result":{"content":[{"type":"text","text":"\#(bigText)"}],"structuredContent":{"rows":[\#((0..<200).map { #"{"id":\#($0),"name":"row \#($0)","tags":["a","b"],"ok":true}"# }.joined(separator: ","))]},"isError":false}}"#)
let wide = ByteBuffer(string: #"{"jsonrpc":"2.0","id":18,"method":"tools/call","params":{"name":"put","arguments":{\#((0..<500).map { #""key\#($0)":\#($0)"# }.joined(separator: ","))}}}"#)
try envelope(label: "envelope: tools/call request", request, count: 200_000)
try envelope(label: "envelope: tools/call result, 200 objects", result, count: 5_000)
try envelope(label: "envelope: arguments with 500 keys", wide, count: 5_000)

let calls = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 5_000
for (label, policy) in [("allow, no limit", unlimited), ("allow, SQLite limit", limited)] {
    for callers in [1, 16] {
        try await run(label: label, policyText: policy, callers: callers, calls: calls)
    }
}

/// What the audit row's arguments cost: `AuditArgumentRecorder` (redaction and HMAC digest).
func recording(label: String, arguments: JSONValue, times: Int) {
    let recorder = AuditArgumentRecorder(mode: .redacted, digester: .ephemeral)
    var kept = 0
    let started = now()
    for _ in 0..<times {
        kept &+= recorder.record(arguments)?.utf8.count ?? 0
        kept &+= recorder.digest(arguments)?.utf8.count ?? 0
    }
    let micros = Double(now() - started) / 1e3 / Double(times)
    print(label.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: " %9.2f µs per call  (%d bytes kept)", micros, kept / times))
}

let prose = String(repeating: "The quarterly report for ACME lists 42 open issues; see https://example.com/r?page=2. ", count: 12)
let base64 = String(repeating: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg", count: 10_900)
recording(label: "record {\"text\": \"hello\"}", arguments: ["text": "hello"], times: 200_000)
recording(label: "record 1 KiB of prose, 6 keys", arguments: [
    "title": "Quarterly report", "body": .string(prose), "owner": "ada@example.com", "id": "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
    "tags": ["finance", "q3"], "limit": 10,
], times: 20_000)
recording(label: "record 1 MiB base64 image", arguments: ["image": .string("data:image/png;base64," + base64)], times: 50)
