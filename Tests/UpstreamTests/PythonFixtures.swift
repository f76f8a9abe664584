import Foundation
import NIOCore
import NIOPosix

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
        process.arguments = [richServer, "--transport", "http", "--port", "\(port)"] + (jsonResponse ? ["--json-response"] : [])
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try await waitForPort(port, process: process)
        return try await body("http://127.0.0.1:\(port)/mcp")
    }

    private static func waitForPort(_ port: Int, process: Process) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, process.isRunning {
            if let channel = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get() {
                try? await channel.close()
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TimedOut(what: "rich_server.py listening on port \(port)")
    }
}
