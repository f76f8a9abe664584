#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `--out` folder, written through directory file descriptors so that nothing can be written
/// outside it: every path is a list of segments checked by ``PathSegments/isSafe(_:)``, each
/// folder is opened relative to its parent with `O_NOFOLLOW` (a symbolic link planted inside the
/// output cannot redirect a write), and files are opened with `O_NOFOLLOW` too.
///
/// A file is rewritten only when its bytes differ from what is already there. Every file this
/// run writes or finds unchanged is noted, so that files an earlier run wrote and this one did
/// not (a tool that left the catalog) can be removed at the end (``StaleFileSweep``).
public final class OutputFolder: Sendable {
    public let path: String
    let root: OutputDirectory
    /// The files of this run, relative to the output folder.
    let files = WrittenFiles()

    /// Opens (creating it and its parents when missing) the output folder.
    public init(path: String) throws(SiteError) {
        self.path = path
        try Self.createFolders(path)
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .output(path: path, message: "cannot open the output folder: \(Self.lastError())") }
        root = OutputDirectory(fd: fd, path: path, relativePath: "", files: files)
    }

    /// The folder at `segments` below the output folder, created when missing.
    func directory(_ segments: [String]) throws(SiteError) -> OutputDirectory {
        var current = root
        for segment in segments { current = try current.subdirectory(segment) }
        return current
    }

    /// Writes `bytes` to the file at `segments` (the last one is the file name).
    func write(_ bytes: [UInt8], to segments: [String]) throws(SiteError) -> WriteOutcome {
        guard let name = segments.last else { throw .output(path: path, message: "an empty output path") }
        return try directory(Array(segments.dropLast())).write(bytes, named: name)
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }

    /// `mkdir -p` for the output folder itself (the one path the user chose).
    private static func createFolders(_ path: String) throws(SiteError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw .output(path: prefix, message: "cannot create the folder: \(lastError())")
            }
            prefix += "/"
        }
    }
}

/// Whether a file was written or already held the same bytes.
public enum WriteOutcome: Sendable {
    case written, unchanged
}

/// One open folder inside the output folder; closes its descriptor when released.
final class OutputDirectory: Sendable {
    let fd: Int32
    let path: String
    /// The folder's path below the output folder ("" for the output folder itself).
    let relativePath: String
    /// This run created the folder.
    let isNew: Bool
    let files: WrittenFiles

    init(fd: Int32, path: String, relativePath: String, files: WrittenFiles, isNew: Bool = false) {
        self.fd = fd
        self.path = path
        self.relativePath = relativePath
        self.files = files
        self.isNew = isNew
    }

    /// `name` below this folder, relative to the output folder.
    private func relative(_ name: String) -> String {
        relativePath.isEmpty ? name : relativePath + "/" + name
    }

    deinit {
        close(fd)
    }

    func subdirectory(_ segment: String) throws(SiteError) -> OutputDirectory {
        try Self.check(segment, in: path)
        let childPath = path + "/" + segment
        var isNew = true
        if mkdirat(fd, segment, 0o755) != 0 {
            guard errno == EEXIST else { throw .output(path: childPath, message: "cannot create the folder: \(OutputFolder.lastError())") }
            isNew = false
        }
        let child = openat(fd, segment, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard child >= 0 else {
            throw .output(path: childPath, message: "cannot open the folder (a symbolic link or not a folder?): \(OutputFolder.lastError())")
        }
        return OutputDirectory(fd: child, path: childPath, relativePath: relative(segment), files: files, isNew: isNew)
    }

    func write(_ bytes: [UInt8], named name: String) throws(SiteError) -> WriteOutcome {
        try Self.check(name, in: path)
        files.add(relative(name))
        // In a folder this run created there is nothing to compare with.
        if !isNew, holds(bytes, named: name) { return .unchanged }
        let filePath = path + "/" + name
        let file = openat(fd, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw .output(path: filePath, message: "cannot write the file: \(OutputFolder.lastError())") }
        defer { close(file) }
        guard writeAll(bytes, to: file) else {
            throw .output(path: filePath, message: "cannot write the file: \(OutputFolder.lastError())")
        }
        return .written
    }

    /// Writes `bytes` to `segment/name`, creating the folder `segment` when missing. A folder this
    /// call creates is written into by relative path (one system call fewer per page); an
    /// existing one is opened with `O_NOFOLLOW` as ever, and its file compared first.
    func write(_ bytes: [UInt8], named name: String, inSubdirectory segment: String) throws(SiteError) -> WriteOutcome {
        try Self.check(segment, in: path)
        try Self.check(name, in: path)
        guard mkdirat(fd, segment, 0o755) == 0 else {
            guard errno == EEXIST else {
                throw .output(path: path + "/" + segment, message: "cannot create the folder: \(OutputFolder.lastError())")
            }
            return try subdirectory(segment).write(bytes, named: name)
        }
        let filePath = path + "/" + segment + "/" + name
        files.add(relative(segment + "/" + name))
        let file = openat(fd, segment + "/" + name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw .output(path: filePath, message: "cannot write the file: \(OutputFolder.lastError())") }
        defer { close(file) }
        guard writeAll(bytes, to: file) else {
            throw .output(path: filePath, message: "cannot write the file: \(OutputFolder.lastError())")
        }
        return .written
    }

    /// Whether the file exists with exactly these bytes (compared only when the sizes agree).
    private func holds(_ bytes: [UInt8], named name: String) -> Bool {
        contents(named: name, ifSize: bytes.count) == bytes
    }

    /// The bytes of the regular file `name` in this folder — only when it has `size` bytes, if
    /// given — or nil (missing, a link, a FIFO or anything else that is not a regular file).
    func contents(named name: String, ifSize size: Int? = nil) -> [UInt8]? {
        // O_NONBLOCK: a FIFO planted under the name must not hang the generator.
        let file = openat(fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var info = stat()
        guard fstat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let length = Int(info.st_size)
        if let size, size != length { return nil }
        var existing = [UInt8](repeating: 0, count: length)
        var offset = 0
        while offset < existing.count {
            let count = existing.withUnsafeMutableBytes { buffer in
                read(file, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            offset += count
        }
        return existing
    }

    private static func check(_ segment: String, in path: String) throws(SiteError) {
        guard PathSegments.isSafe(segment) else {
            throw .output(path: path, message: "refusing the unsafe path segment \(segment.debugDescription)")
        }
    }
}

/// `write(2)` until every byte is out; false (with `errno` set) on failure.
private func writeAll(_ bytes: [UInt8], to file: Int32) -> Bool {
    bytes.withUnsafeBytes { buffer -> Bool in
        var offset = 0
        while offset < buffer.count {
            let written = write(file, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
