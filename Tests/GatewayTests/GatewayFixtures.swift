import Foundation

/// Configuration fixtures on disk, read from the source tree so expected outputs can be
/// re-recorded in place (`GATEHOUSE_RECORD_GOLDEN=1 swift test`).
enum GatewayFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func names(in folder: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent(folder).path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    static func path(_ folder: String, _ name: String, extension ext: String = "json") -> String {
        directory.appendingPathComponent(folder).appendingPathComponent("\(name).\(ext)").path
    }

    static func text(_ folder: String, _ name: String, extension ext: String) -> String {
        (try? String(contentsOfFile: path(folder, name, extension: ext), encoding: .utf8)) ?? ""
    }

    static func write(_ text: String, to folder: String, _ name: String, extension ext: String) {
        try? text.write(toFile: path(folder, name, extension: ext), atomically: true, encoding: .utf8)
    }

    /// Problem lines with the fixtures folder removed, so expected files hold short relative paths.
    static func relative(_ text: String) -> String {
        text.replacingOccurrences(of: directory.path + "/", with: "")
    }

    static var recording: Bool { ProcessInfo.processInfo.environment["GATEHOUSE_RECORD_GOLDEN"] == "1" }

    /// The environment every fixture is read with.
    static let environment = [
        "TWENTY_KEY": "twenty-secret-value", "TOKEN": "remote-secret-value",
        "GATEHOUSE_ADMIN_TOKEN": "admin-secret-value-0123456789", "HOME": "/home/tester",
    ]
}

/// A fresh temporary folder for one test.
func temporaryFolder() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-gateway-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
