import Foundation
import Logging
import NIOCore
import Testing
import Upstream

#if canImport(Glibc)
import Glibc
#endif

/// A logger that keeps quiet unless GATEHOUSE_TEST_LOG is set.
let testLogger: Logger = {
    var logger = Logger(label: "upstream-tests")
    logger.logLevel = getenv("GATEHOUSE_TEST_LOG") == nil ? .critical : .trace
    return logger
}()

/// One client for every HTTP test (never shut down: it lives as long as the test process).
let testHTTPClient = HTTPUpstream.makeHTTPClient()

struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out: \(what)" }
}

/// Runs `body`, failing (not hanging) when it takes longer than `seconds`.
func within<T: Sendable>(
    _ seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TimedOut(what: what) }
        return value
    }
}

/// Every message text and the closure, reading until `.closed`.
func drain(_ connection: any UpstreamConnection, seconds: Double = 10) async throws -> (messages: [String], closure: UpstreamClosure) {
    try await within(seconds, "waiting for .closed from \(connection.serverName)") {
        var messages: [String] = []
        for await event in connection.events {
            switch event {
            case .message(let message): messages.append(message.text)
            case .closed(let closure): return (messages, closure)
            }
        }
        throw TimedOut(what: "events ended without .closed")
    }
}

/// The next message's text.
func nextMessage(_ iterator: inout AsyncStream<UpstreamEvent>.AsyncIterator) async -> String? {
    while let event = await iterator.next() {
        if case .message(let message) = event { return message.text }
        return nil
    }
    return nil
}

func shell(_ name: String, _ script: String, grace: Duration = .seconds(2)) -> StdioServerSpec {
    StdioServerSpec(name: name, command: "sh", arguments: ["-c", script], shutdownGracePeriod: grace)
}

/// Whether a process with this pid is alive (not a zombie).
func isAlive(_ pid: Int32) -> Bool {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let paren = text.lastIndex(of: ")")
    else { return false }
    let state = text[text.index(paren, offsetBy: 2)]
    return state != "Z" && state != "X"
}

/// Waits (bounded) until the process is gone; true when it is.
func waitGone(_ pid: Int32, seconds: Double = 5) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + .seconds(seconds)
    while clock.now < deadline {
        if !isAlive(pid) { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return !isAlive(pid)
}
