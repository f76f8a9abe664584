import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gatehouse's state is private to the user running it: the data folder is created 0700 and
/// every state file in it (the SQLite file and its `-wal` and `-shm`, the audit spool, the
/// digest key) is 0600 — set explicitly, whatever the umask. A folder that already exists is
/// left as its owner made it (``widerFolderWarning(_:)`` says when others can look inside);
/// state files found wider are narrowed.
public enum PrivateFiles {
    public static let folderMode: mode_t = 0o700
    public static let fileMode: mode_t = 0o600

    /// Creates the folder (and missing parents, as the umask makes them) when it does not
    /// exist; the folder itself 0700.
    public static func createFolder(_ path: String) throws(StoreError) {
        var info = stat()
        if stat(path, &info) == 0 { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw StoreError.unavailable("cannot create the data folder \(path): \(error.localizedDescription)")
            }
        }
        guard mkdir(path, folderMode) == 0 || errno == EEXIST else {
            throw StoreError.unavailable("cannot create the data folder \(path): \(String(cString: strerror(errno)))")
        }
        // Exactly 0700: the umask may have taken more (or, at mkdir, left more) than asked.
        chmod(path, folderMode)
    }

    /// A warning when other users may list or enter the existing folder `path`; nil when it is
    /// private or absent.
    public static func widerFolderWarning(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o077 != 0 else { return nil }
        let mode = String(info.st_mode & 0o777, radix: 8)
        return "the data folder \(path) is open to other users (mode \(mode)): they may read what Gatehouse keeps there; make it private with `chmod 700 \(path)`"
    }

    /// Opens `path` with `flags`, creating it 0600 when missing, and narrows it to 0600 when
    /// it is wider; -1 (with `errno`) when it cannot be opened.
    static func openFile(_ path: String, flags: Int32) -> Int32 {
        let fd = open(path, flags | O_CREAT | O_CLOEXEC, fileMode)
        guard fd >= 0 else { return fd }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & 0o777 != fileMode { fchmod(fd, fileMode) }
        return fd
    }

    /// Creates `path` empty and 0600 when missing, or narrows it to 0600.
    static func prepareFile(_ path: String) throws(StoreError) {
        let fd = openFile(path, flags: O_RDWR)
        guard fd >= 0 else { throw StoreError.unavailable("cannot create \(path): \(String(cString: strerror(errno)))") }
        close(fd)
    }

    /// Narrows `path` to 0600 when it exists and is wider.
    static func narrow(_ path: String) {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & 0o777 != fileMode { chmod(path, fileMode) }
    }
}
