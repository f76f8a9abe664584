import Foundation
import JSON
import Policy

/// Test data on disk, read from the source tree so fixtures can be re-recorded in place.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func names(in folder: String) -> [String] {
        let url = directory.appendingPathComponent(folder)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func text(_ folder: String, _ name: String, extension ext: String = "json") -> String {
        let url = directory.appendingPathComponent(folder).appendingPathComponent("\(name).\(ext)")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    static func write(_ text: String, to folder: String, _ name: String, extension ext: String) {
        let url = directory.appendingPathComponent(folder).appendingPathComponent("\(name).\(ext)")
        try? text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// `GATEHOUSE_RECORD_GOLDEN=1 swift test` rewrites expected outputs instead of comparing.
    static var recording: Bool { ProcessInfo.processInfo.environment["GATEHOUSE_RECORD_GOLDEN"] == "1" }
}

/// Builds a compiled policy from JSON text, failing the test loudly when it does not compile.
func policy(_ text: String) throws -> CompiledPolicy {
    try CompiledPolicy(text: text)
}
