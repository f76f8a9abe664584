import Catalog
import Foundation

/// Writes an imported server into a catalog folder as `servers/<id>.json`, all or nothing: the
/// text goes to a temporary file beside it, renamed over the target only once it is complete,
/// so a failed import never leaves a half-written or empty file behind.
public enum CatalogFolderWriter {
    public struct WriteError: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes the file (creating `servers/` if needed) and returns its path.
    @discardableResult
    public static func write(_ server: ImportedServer, into catalogDirectory: String) throws(WriteError) -> String {
        let folder = (catalogDirectory as NSString).appendingPathComponent("servers")
        let path = (folder as NSString).appendingPathComponent("\(server.id).json")
        let temporary = (folder as NSString).appendingPathComponent(".\(server.id).json.\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(ServerFileWriter.text(for: server).utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw WriteError(path: path, reason: error.localizedDescription)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw WriteError(path: path, reason: reason)
        }
        return path
    }
}
