import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// The end-to-end tests' Python virtualenv (`scripts/setup-python`): the official MCP SDK's
/// servers and PyPI's MCP servers, run for real. Tests that need it are skipped without it.
enum PythonFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let venvBin = repositoryRoot.appendingPathComponent(".venv-test/bin")
    static let python = venvBin.appendingPathComponent("python").path
    static let richServer = repositoryRoot.appendingPathComponent("tests/e2e/fixtures/rich_server.py").path

    static var available: Bool { FileManager.default.isExecutableFile(atPath: python) }

    static func script(_ name: String) -> String { venvBin.appendingPathComponent(name).path }

    /// A port that was free a moment ago.
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress!.port!
        try await channel.close()
        return port
    }

    /// rich_server.py over Streamable HTTP; stops it when `body` returns.
    static func withRichHTTPServer<T>(jsonResponse: Bool = false, _ body: (String) async throws -> T) async throws -> T {
        let port = try await freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        // At INFO, uvicorn says on stderr when it listens: the event waited for.
        process.arguments = [richServer, "--transport", "http", "--port", "\(port)", "--log-level", "INFO"] + (jsonResponse ? ["--json-response"] : [])
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let stderr = Pipe()
        process.standardError = stderr
        let listening = ListeningLine()
        // Read to the end, so a chatty server never blocks on a full pipe.
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            listening.read(data)
        }
        process.terminationHandler = { _ in listening.ended() }
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        guard await listening.wait() else { throw TimedOut(what: "rich_server.py listening on port \(port): it exited first") }
        return try await body("http://127.0.0.1:\(port)/mcp")
    }
}

/// Reads a server's stderr until uvicorn's "Uvicorn running on" line, or its end.
final class ListeningLine: Sendable {
    private struct State {
        var text = ""
        var answer: Bool?
        var waiter: CheckedContinuation<Bool, Never>?
    }

    private let state = Mutex(State())

    func read(_ data: Data) {
        guard !data.isEmpty else { return ended() }
        finish { state in
            // Only the last line's start is kept from earlier reads: the marker may straddle two.
            state.text = String(state.text.suffix(64)) + String(decoding: data, as: UTF8.self)
            return state.text.contains("Uvicorn running on") ? true : nil
        }
    }

    func ended() { finish { _ in false } }

    /// True once the server listens; false when it ended without.
    func wait() async -> Bool {
        await withCheckedContinuation { continuation in
            let answer = state.withLock { state -> Bool? in
                if state.answer == nil { state.waiter = continuation }
                return state.answer
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    private func finish(_ decide: (inout State) -> Bool?) {
        let (waiter, answer) = state.withLock { state -> (CheckedContinuation<Bool, Never>?, Bool?) in
            guard state.answer == nil, let answer = decide(&state) else { return (nil, nil) }
            state.answer = answer
            defer { state.waiter = nil }
            return (state.waiter, answer)
        }
        if let waiter, let answer { waiter.resume(returning: answer) }
    }
}
