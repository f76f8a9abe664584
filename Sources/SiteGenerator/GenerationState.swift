import Foundation

/// What the last run over an output folder was made from (``InputDigest``) and what it reported,
/// kept in the folder, so a run over the same input can report the same site without rendering.
struct GenerationState {
    let folder: String

    private var path: String { (folder as NSString).appendingPathComponent(InputDigest.fileName) }

    /// The last run's summary, every file unchanged, when it was made from this input and every
    /// file it listed (``StaleFileSweep/manifestName``) is still there; nil otherwise.
    func unchangedSummary(for digest: InputDigest) -> GenerationSummary? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 2, lines[0] == digest.value else { return nil }
        let counts = lines[1].split(separator: " ").compactMap { Int($0) }
        guard counts.count == 3 else { return nil }
        let listPath = (folder as NSString).appendingPathComponent(StaleFileSweep.manifestName)
        guard let list = try? String(contentsOfFile: listPath, encoding: .utf8) else { return nil }
        let files = list.split(separator: "\n").map { (folder as NSString).appendingPathComponent(String($0)) }
        guard files.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) else { return nil }
        lines.removeFirst(2)
        return GenerationSummary(
            servers: counts[0], toolPages: counts[1], otherPages: counts[2],
            // The listed files, the list and this record.
            filesWritten: 0, filesUnchanged: files.count + 2, filesRemoved: 0, seconds: 0,
            outputDirectory: folder, warnings: lines.filter { !$0.isEmpty })
    }

    /// The record of this run, written into the folder like every file (``OutputFolder``).
    static func record(_ digest: InputDigest, _ summary: GenerationSummary) -> [UInt8] {
        let text = ([digest.value, "\(summary.servers) \(summary.toolPages) \(summary.otherPages)"] + summary.warnings)
            .joined(separator: "\n") + "\n"
        return Array(text.utf8)
    }
}
