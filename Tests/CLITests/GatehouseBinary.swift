import Foundation
import Testing

/// The built `gatehouse` binary, run as a user would: real arguments, real files, exit status.
enum GatehouseBinary {
    /// Next to the test bundle in the build folder (`swift build` builds it; this target depends on it).
    static var url: URL {
        let buildFolder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var candidate = buildFolder
        // On Linux the runner is <build>/gatehousePackageTests.xctest; elsewhere it may sit deeper.
        for _ in 0..<4 {
            let binary = candidate.appendingPathComponent("gatehouse")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
            candidate.deleteLastPathComponent()
        }
        return buildFolder.appendingPathComponent("gatehouse")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `gatehouse arguments…` in `folder` and waits for it — on a thread of its own, so the
    /// wait never blocks the (two-thread) pool every other test runs on.
    static func run(_ arguments: [String], in folder: String, environment: [String: String] = [:]) async throws -> Run {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(arguments, in: folder, environment: environment) })
            }
        }
    }

    private static func runBlocking(_ arguments: [String], in folder: String, environment: [String: String]) throws -> Run {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// A fresh folder holding a gatehouse.json with servers `demo` (with a policy) and `time`.
func configuredFolder() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-cli-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder + "/policies", withIntermediateDirectories: true)
    try #"{"version": "1", "default": "deny", "tools": {"ListPeople": {}}}"#
        .write(toFile: folder + "/policies/demo.json", atomically: true, encoding: .utf8)
    try #"{"mcpServers": {"demo": {"command": "gatehouse", "args": ["demo-server"], "policy": "policies/demo.json"}, "time": {"command": "uvx", "args": ["mcp-server-time"]}}}"#
        .write(toFile: folder + "/gatehouse.json", atomically: true, encoding: .utf8)
    return folder
}
