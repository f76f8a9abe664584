import Dispatch
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

/// Every message text and the closure, reading until `.closed` (the suites' time limits stop
/// a connection that never closes).
func drain(_ connection: any UpstreamConnection) async throws -> (messages: [String], closure: UpstreamClosure) {
    var messages: [String] = []
    for await event in connection.events {
        switch event {
        case .message(let message): messages.append(message.text)
        case .closed(let closure): return (messages, closure)
        }
    }
    throw TimedOut(what: "events from \(connection.serverName) ended without .closed")
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

/// Waits (bounded) until the process is gone; true when it is. Waits on a pidfd, which the
/// kernel makes readable when the process exits (any process, not only a child).
func waitGone(_ pid: Int32, seconds: Double = 5) async -> Bool {
    guard let pidfdOpen = pidfdOpen else { return !isAlive(pid) }
    let fd = pidfdOpen(pid, 0)
    guard fd >= 0 else { return !isAlive(pid) }  // already gone (ESRCH)
    return await withCheckedContinuation { continuation in
        DispatchQueue.global().async {
            var watched = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&watched, 1, Int32(seconds * 1000))
            close(fd)
            continuation.resume(returning: !isAlive(pid))
        }
    }
}

/// glibc's `pidfd_open` (2.36 and later), which Swift's Glibc module does not declare.
private let pidfdOpen: (@convention(c) (pid_t, UInt32) -> Int32)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pidfd_open") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (pid_t, UInt32) -> Int32).self)
}()
