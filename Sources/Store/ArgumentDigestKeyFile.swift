import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where SQLite installations keep their ``ArgumentDigestKey``: `argument-digest.key` in the
/// data folder, 64 hex digits, 0600, made on first use. Several processes sharing the folder
/// (the gateway and the CLI) read the same key; two starting at once agree, because the file is
/// written aside and linked into place, which fails when another got there first.
enum ArgumentDigestKeyFile {
    static let fileName = "argument-digest.key"

    static func path(in directory: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(fileName).path
    }

    /// The folder's key, created when there is none yet.
    static func loadOrCreate(directory: String) throws(StoreError) -> ArgumentDigestKey {
        let path = path(in: directory)
        if let key = try read(path) { return key }
        try store(.random(), at: path)
        guard let key = try read(path) else { throw StoreError.unavailable("\(path) vanished as it was made") }
        return key
    }

    /// The key in `path`, nil when there is no file; a damaged file is an error (replacing it
    /// would make every digest so far incomparable).
    private static func read(_ path: String) throws(StoreError) -> ArgumentDigestKey? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        PrivateFiles.narrow(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError.unavailable("cannot read the argument digest key \(path)")
        }
        guard let key = ArgumentDigestKey(hex: String(decoding: data, as: UTF8.self)) else {
            throw StoreError.unavailable("the argument digest key \(path) is damaged (it must hold 64 hex digits); restore it from a backup, or remove it to start digests afresh")
        }
        return key
    }

    private static func store(_ key: ArgumentDigestKey, at path: String) throws(StoreError) {
        let temporary = path + ".\(UInt32.random(in: .min ... .max)).new"
        let fd = PrivateFiles.openFile(temporary, flags: O_WRONLY | O_EXCL)
        guard fd >= 0 else { throw StoreError.unavailable("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        defer { unlink(temporary) }
        let bytes = Array((key.hex + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced else { throw StoreError.unavailable("cannot write \(temporary)") }
        // Fails with EEXIST when another process made the key first: that key is the one.
        guard link(temporary, path) == 0 || errno == EEXIST else {
            throw StoreError.unavailable("cannot create the argument digest key \(path): \(String(cString: strerror(errno)))")
        }
    }
}
