// Upstream transport benchmark (release build; scripts/bench-upstream): what one forwarded
// message costs Gatehouse itself on the stdio and Streamable HTTP paths.
//
// stdio: a `cat` child echoes each JSON-RPC line back, so the child costs next to nothing and
// the figure is our own: send (event-loop hop, write) + receive (epoll, read, line split, yield,
// consumer resume). HTTP: ../shared/bench/echo_server.py (official Python SDK) answers tools/call
// over SSE; the figure is our client's side (AsyncHTTPClient, SSE parsing, envelope scan).
// CPU is this process's user+system time (getrusage RUSAGE_SELF: children not included).
import AsyncHTTPClient
import Foundation
import JSON
import Logging
import NIOCore
import NIOHTTP1
import Upstream

let arguments = CommandLine.arguments.dropFirst()
let iterations = arguments.first.flatMap(Int.init) ?? 20_000
/// Which parts to run: stdio, envelope, http, or all (the default).
let parts = Set(arguments.dropFirst().isEmpty ? ["stdio", "envelope", "http"] : Array(arguments.dropFirst()))
let quiet = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }

func cpuTime() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

func report(_ label: String, count: Int, wall: Double, cpu: Double, latencies: [Double]) {
    let sorted = latencies.sorted()
    let line = String(
        format: "%-34@ %7d msgs  %9.0f msgs/s  p50 %7.1f µs  p99 %7.1f µs  CPU %6.1f µs/msg",
        label as NSString, count, Double(count) / wall, percentile(sorted, 0.5) * 1e6, percentile(sorted, 0.99) * 1e6,
        cpu / Double(count) * 1e6)
    print(line)
}

let request = #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello from the benchmark"}}}"#

/// c=1: send, wait for the echo, repeat. c>1: keep `concurrency` messages in flight.
func measureStdio(concurrency: Int) async throws {
    let upstream = try await StdioUpstream.launch(StdioServerSpec(name: "cat", command: "cat"), logger: quiet)
    var events = upstream.events.makeAsyncIterator()
    let message = ByteBuffer(string: request)
    for _ in 0..<1000 {
        try await upstream.send(message)
        _ = await events.next()
    }
    var latencies: [Double] = []
    latencies.reserveCapacity(iterations)
    var sentAt: [Double] = []
    let clock = ContinuousClock()
    let origin = clock.now
    func now() -> Double { let d = clock.now - origin; return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    let cpu0 = cpuTime()
    let wall0 = now()
    var sent = 0
    while sent < min(concurrency, iterations) {
        sentAt.append(now())
        try await upstream.send(message)
        sent += 1
    }
    var received = 0
    while received < iterations {
        guard case .message? = await events.next() else { fatalError("cat closed") }
        latencies.append(now() - sentAt[received])
        received += 1
        if sent < iterations {
            sentAt.append(now())
            try await upstream.send(message)
            sent += 1
        }
    }
    let wall = now() - wall0
    let cpu = cpuTime() - cpu0
    report("stdio (cat) c=\(concurrency)", count: iterations, wall: wall, cpu: cpu, latencies: latencies)
    await upstream.close()
}

func measureEnvelope(size: Int) {
    let padding = String(repeating: "x", count: max(0, size - 120))
    let message = ByteBuffer(string: #"{"jsonrpc":"2.0","id":"gatehouse-7","result":{"content":[{"type":"text","text":"\#(padding)"}]}}"#)
    let count = size > 10_000 ? 2_000 : 200_000
    let cpu0 = cpuTime()
    var found = 0
    for _ in 0..<count where JSONRPCEnvelope(message)?.kind == .response { found += 1 }
    let cpu = cpuTime() - cpu0
    precondition(found == count)
    print(String(format: "%-34@ %7d msgs  CPU %8.2f µs/msg", "JSONRPCEnvelope scan, \(message.readableBytes) B" as NSString, count, cpu / Double(count) * 1e6))
}

func measureHTTP() async throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let python = root.appendingPathComponent(".venv-test/bin/python").path
    let echoServer = root.appendingPathComponent("../shared/bench/echo_server.py").standardized.path
    guard FileManager.default.isExecutableFile(atPath: python), FileManager.default.fileExists(atPath: echoServer) else {
        print("HTTP: skipped (needs .venv-test from scripts/setup-python and ../shared/bench/echo_server.py)")
        return
    }
    let port = Int.random(in: 20_000..<40_000)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [echoServer, "--transport", "http", "--port", "\(port)"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
    let client = HTTPUpstream.makeHTTPClient()
    let upstream = try HTTPUpstream(HTTPServerSpec(name: "echo", url: "http://127.0.0.1:\(port)/mcp"), client: client, logger: quiet)
    let mcp = MCPClient(connection: upstream, logger: quiet)
    let (replies, repliesContinuation) = AsyncStream.makeStream(of: UpstreamMessage.self)
    let reader = Task {
        for await event in upstream.events {
            if case .message(let message) = event, !mcp.handle(message) { repliesContinuation.yield(message) }
        }
        repliesContinuation.finish()
    }
    var ready = false
    for _ in 0..<100 where !ready {
        ready = (try? await mcp.initialize(clientName: "bench", clientVersion: "0", timeout: .seconds(2))) != nil
        if !ready { try await Task.sleep(for: .milliseconds(100)) }
    }
    guard ready else {
        print("HTTP: echo_server.py did not start")
        try await client.shutdown()
        return
    }
    var iterator = replies.makeAsyncIterator()
    let count = max(1, iterations / 10)
    let messages = (0..<(count + 200)).map { round in
        ByteBuffer(string: request.replacingOccurrences(of: #""id":1"#, with: #""id":\#(round)"#))
    }
    for round in 0..<200 {
        try await upstream.send(messages[round])
        _ = await iterator.next()
    }
    var latencies: [Double] = []
    var cpu0 = cpuTime()
    var start = ContinuousClock.now
    for round in 200..<(count + 200) {
        let sent = ContinuousClock.now
        try await upstream.send(messages[round])
        _ = await iterator.next()
        latencies.append(seconds(ContinuousClock.now - sent))
    }
    report("HTTP (echo_server.py, SSE) c=1", count: count, wall: seconds(ContinuousClock.now - start), cpu: cpuTime() - cpu0, latencies: latencies)

    // The floor: the same POSTs made with AsyncHTTPClient alone, reading the SSE body whole.
    var headers = HTTPHeaders()
    headers.add(name: "Content-Type", value: "application/json")
    headers.add(name: "Accept", value: "application/json, text/event-stream")
    headers.add(name: "Mcp-Session-Id", value: upstream.sessionID ?? "")
    headers.add(name: "MCP-Protocol-Version", value: upstream.negotiatedProtocolVersion ?? "2025-11-25")
    latencies = []
    cpu0 = cpuTime()
    start = ContinuousClock.now
    for round in 200..<(count + 200) {
        let sent = ContinuousClock.now
        var post = HTTPClientRequest(url: "http://127.0.0.1:\(port)/mcp")
        post.method = .POST
        post.headers = headers
        post.body = .bytes(messages[round])
        let response = try await client.execute(post, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        latencies.append(seconds(ContinuousClock.now - sent))
    }
    report("HTTP, AsyncHTTPClient alone c=1", count: count, wall: seconds(ContinuousClock.now - start), cpu: cpuTime() - cpu0, latencies: latencies)
    await upstream.close()
    await reader.value
    try await client.shutdown()
}

print("Upstream transports, \(iterations) messages (release build; CPU is Gatehouse's own)")
if parts.contains("stdio") {
    try await measureStdio(concurrency: 1)
    try await measureStdio(concurrency: 16)
}
if parts.contains("envelope") {
    measureEnvelope(size: 200)
    measureEnvelope(size: 1_000)
    measureEnvelope(size: 100_000)
}
if parts.contains("http") { try await measureHTTP() }
