#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// What made each page of the last run — a key per page, a digest of its input — kept in the
/// output folder (``fileName``), so that a run over a changed catalog renders only the pages
/// whose input changed:
///
/// - a server's pages (its page, its policy, its tool pages) share one key, recorded under its
///   page's path: its catalog entry (``ServerKey``), its folder name, the catalog totals those
///   pages mention, and ``InputDigest/shared`` (templates, attack patterns, the binary and so the
///   classifier, base URL, site name);
/// - every other page's key is ``InputDigest/shared``, its path and template, and its model and
///   head as the template sees them (``ModelFingerprint``): a list is rendered again when a tool
///   it shows changed, and not otherwise.
///
/// A page whose key is unchanged and whose files are all still there is not rendered. The record
/// is removed when a run starts and written when it ends, so an interrupted run leaves none and
/// the next one renders everything.
final class PageRecord: Sendable {
    static let fileName = ".gatehouse-pages"

    /// ``InputDigest/shared`` of this run: the start of every key.
    let shared: String
    private let folder: String
    private let previous: [String: String]
    private let previousBytes: [UInt8]
    private let state = Mutex(State())

    private struct State {
        var keys: [String: String] = [:]
        var rendered: [String] = []
    }

    /// Reads the last run's record from `folder` and removes it.
    init(folder: String, shared: String) {
        self.folder = folder
        self.shared = shared
        let path = folder + "/" + Self.fileName
        previousBytes = Self.contents(path) ?? []
        var previous: [String: String] = [:]
        for line in previousBytes.split(separator: UInt8(ascii: "\n")) {
            guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { continue }
            previous[String(decoding: line[space...].dropFirst(), as: UTF8.self)] = String(decoding: line[..<space], as: UTF8.self)
        }
        self.previous = previous
        unlink(path)
    }

    /// Whether the files at `paths` (relative to the output folder; the first one names the key)
    /// hold what `key` renders: the last run recorded that key and every file is still there.
    func holds(_ paths: [String], key: String) -> Bool {
        guard let first = paths.first, previous[first] == key else { return false }
        return paths.allSatisfy { access(folder + "/" + $0, F_OK) == 0 }
    }

    /// Records the key of the page (or server) at `path` for this run.
    func note(_ path: String, key: String) {
        state.withLock { $0.keys[path] = key }
    }

    /// Pages this run rendered, by path below the output folder.
    func rendered(_ paths: [String]) {
        state.withLock { $0.rendered += paths }
    }

    var renderedPages: [String] {
        state.withLock { $0.rendered.sorted() }
    }

    /// Writes this run's record into the output folder: unchanged when it holds the bytes the
    /// last run's record did (it was removed only for the length of the run).
    func write(to output: OutputFolder) throws(SiteError) -> WriteOutcome {
        let keys = state.withLock { $0.keys }
        let text = keys.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)\n" }.joined()
        let bytes = Array(text.utf8)
        let outcome = try output.root.write(bytes, named: Self.fileName)
        return bytes == previousBytes ? .unchanged : outcome
    }

    private static func contents(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return count == 0 ? bytes : nil }
            bytes += buffer[0..<count]
        }
    }
}
