#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Removes what an earlier generation wrote and this one did not — the pages of a tool or a
/// server that left the catalog — so `public/` holds exactly the site.
///
/// Each generation lists its files in `.gatehouse-files` at the top of the output folder; only
/// files on the previous list are ever removed (anything else in the folder is left alone, and
/// a folder without a list loses nothing), then folders they leave empty. Removal goes through
/// folder descriptors opened with `O_NOFOLLOW`, like writing: a symbolic link planted in the
/// output cannot point a removal elsewhere.
struct StaleFileSweep {
    /// The list's name inside the output folder.
    static let manifestName = ".gatehouse-files"

    let output: OutputFolder

    /// Removes the stale files and writes this run's list: how many files went, and whether
    /// the list itself was written or unchanged.
    func run() throws(SiteError) -> (removed: Int, list: WriteOutcome) {
        let current = output.files.all.sorted()
        let keep = Set(current)
        var removed = 0
        for path in previousFiles() where !keep.contains(path) && path != Self.manifestName {
            if remove(path) { removed += 1 }
        }
        let list = try output.root.write(Array((current.joined(separator: "\n") + "\n").utf8), named: Self.manifestName)
        return (removed, list)
    }

    /// The previous run's list (empty when there is none).
    private func previousFiles() -> [String] {
        let bytes = output.root.contents(named: Self.manifestName) ?? []
        return bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Removes one listed file and the folders it leaves empty; false when it was already gone
    /// or its path is not one a generation writes.
    private func remove(_ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !segments.isEmpty, segments.allSatisfy(PathSegments.isSafe) else { return false }
        var folders: [Int32] = [output.root.fd]
        defer { for fd in folders.dropFirst() { close(fd) } }
        for segment in segments.dropLast() {
            let fd = openat(folders.last!, segment, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { return false }
            folders.append(fd)
        }
        guard unlinkat(folders.last!, segments.last!, 0) == 0 else { return false }
        // Folders left empty go too, innermost first; the first one still holding something stops it.
        for (depth, segment) in segments.dropLast().enumerated().reversed() {
            guard unlinkat(folders[depth], segment, AT_REMOVEDIR) == 0 else { break }
        }
        return true
    }
}
