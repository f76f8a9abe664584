import Foundation
import JSON
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the audit log holds while its store refuses writes, kept on disk so that a gateway
/// stopped during an outage loses none of it: the rows of what happened meanwhile (refused calls,
/// sessions opened and closed) and the outcomes of calls admitted before.
///
/// An append-only file of JSON lines (``AuditSpoolLine``) in the data folder,
/// `audit-spool-<replica>.jsonl` (0600, ``PrivateFiles``): each gateway sharing a data folder has its own, found again
/// after a restart under the same name. Appends go to the operating system before they return,
/// so they survive the process (as the SQLite store's commits do with `synchronous = NORMAL`),
/// not a power cut. As the store takes the spooled rows, a `drained` line says how many; the
/// file is removed once it has them all. A line torn by a crash in mid-append is skipped when
/// the file is read back, and the next append starts on a line of its own.
public final class AuditSpool: Sendable {
    public let path: String
    private let directory: String
    /// Open while something is spooled.
    private let descriptor = Mutex<Int32?>(nil)

    /// The spool of the gateway named `replica` in `directory` (the `--data` folder); nothing is
    /// created until something is spooled.
    public init(directory: String, replica: String) {
        self.directory = directory
        path = URL(fileURLWithPath: directory).appendingPathComponent("audit-spool-\(Self.fileSafe(replica)).jsonl").path
    }

    deinit {
        descriptor.withLock { fd in if let fd { close(fd) } }
    }

    /// `replica` with characters a file name should not hold replaced; when any was, a short
    /// hash of the name keeps `host:8080` and `host-8080` apart.
    static func fileSafe(_ replica: String) -> String {
        let safe = String(replica.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-" || scalar == "_") ? Character(scalar) : "-"
        })
        return safe == replica ? safe : safe + "-" + SHA256Hex.digest(of: Array(replica.utf8)).prefix(8)
    }

    /// What a spool file holds that the store does not have yet.
    public struct Contents: Sendable, Equatable {
        public var rows: [AuditEntry] = []
        public var completions: [AuditCompletion] = []
        /// How many rows and outcomes at the start of the file the store already has (skipped).
        public var drainedRows = 0
        public var drainedCompletions = 0
        /// Lines that could not be read (a torn last line after a crash, or damage).
        public var unreadableLines = 0

        public var isEmpty: Bool { rows.isEmpty && completions.isEmpty }
    }

    /// Appends rows and outcomes.
    public func append(rows: [AuditEntry], completions: [AuditCompletion]) throws(StoreError) {
        try append(Self.lines(rows: rows, completions: completions))
    }

    /// Notes that the first `rows` rows and `completions` outcomes of the file are in the store.
    public func markDrained(rows: Int, completions: Int) throws(StoreError) {
        try append([.drained(rows: rows, completions: completions)])
    }

    private func append(_ lines: [AuditSpoolLine]) throws(StoreError) {
        guard !lines.isEmpty else { return }
        let bytes = Self.bytes(lines)
        try descriptor.withLock { (fd: inout Int32?) throws(StoreError) in
            if fd == nil { fd = try openForAppending() }
            do throws(StoreError) {
                try Self.writeAll(bytes, to: fd!, path: path)
            } catch {
                // Reopened next time, which starts a new line after whatever part was written.
                close(fd!)
                fd = nil
                throw error
            }
        }
    }

    /// Opens (creating) the file; after a torn last line, starts a new one.
    private func openForAppending() throws(StoreError) -> Int32 {
        try? PrivateFiles.createFolder(directory)
        let fd = PrivateFiles.openFile(path, flags: O_RDWR | O_APPEND)
        guard fd >= 0 else { throw unavailable("cannot open") }
        var info = stat()
        var last: UInt8 = UInt8(ascii: "\n")
        if fstat(fd, &info) == 0, info.st_size > 0, pread(fd, &last, 1, off_t(info.st_size - 1)) == 1, last != UInt8(ascii: "\n") {
            do {
                try Self.writeAll([UInt8(ascii: "\n")], to: fd, path: path)
            } catch {
                close(fd)
                throw error
            }
        }
        return fd
    }

    private static func lines(rows: [AuditEntry], completions: [AuditCompletion]) -> [AuditSpoolLine] {
        rows.map(AuditSpoolLine.row) + completions.map(AuditSpoolLine.completion)
    }

    /// The lines as the file holds them: one JSON object per line.
    private static func bytes(_ lines: [AuditSpoolLine]) -> [UInt8] {
        Array(lines.map { JSONWriter().string($0.json) + "\n" }.joined().utf8)
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(StoreError) {
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { throw .unavailable("audit spool \(path): cannot write (\(String(cString: strerror(errno))))") }
            written += result
        }
    }

    /// Replaces the whole file with these rows and outcomes (written aside, then renamed over it).
    public func replace(rows: [AuditEntry], completions: [AuditCompletion]) throws(StoreError) {
        let bytes = Self.bytes(Self.lines(rows: rows, completions: completions))
        try descriptor.withLock { (fd: inout Int32?) throws(StoreError) in
            if let open = fd { close(open) }
            fd = nil
            try? PrivateFiles.createFolder(directory)
            let temporary = path + ".new"
            let file = PrivateFiles.openFile(temporary, flags: O_WRONLY | O_TRUNC)
            guard file >= 0 else { throw unavailable("cannot open \(temporary)") }
            defer { close(file) }
            do throws(StoreError) {
                try Self.writeAll(bytes, to: file, path: temporary)
                guard rename(temporary, path) == 0 else { throw unavailable("cannot rename \(temporary)") }
            } catch {
                unlink(temporary)
                throw error
            }
        }
    }

    /// What the file holds past its last `drained` line (empty when there is no file).
    public func load() throws(StoreError) -> Contents {
        guard FileManager.default.fileExists(atPath: path) else { return Contents() }
        guard let data = FileManager.default.contents(atPath: path) else { throw unavailable("cannot read") }
        var rows: [AuditEntry] = []
        var completions: [AuditCompletion] = []
        var contents = Contents()
        for text in data.split(separator: UInt8(ascii: "\n")) where !text.isEmpty {
            guard let value = try? JSONParser.parse(bytes: text), let line = AuditSpoolLine(json: value) else {
                contents.unreadableLines += 1
                continue
            }
            switch line {
            case .row(let row): rows.append(row)
            case .completion(let completion): completions.append(completion)
            case .drained(let drainedRows, let drainedCompletions):
                contents.drainedRows = drainedRows
                contents.drainedCompletions = drainedCompletions
            }
        }
        contents.rows = Array(rows.dropFirst(contents.drainedRows))
        contents.completions = Array(completions.dropFirst(contents.drainedCompletions))
        return contents
    }

    /// Removes the file (the store has everything in it).
    public func clear() throws(StoreError) {
        try descriptor.withLock { (fd: inout Int32?) throws(StoreError) in
            if let open = fd { close(open) }
            fd = nil
            guard unlink(path) == 0 || errno == ENOENT else { throw unavailable("cannot remove") }
        }
    }

    /// Why a file is moved out of the way for a person to look at.
    public enum SetAsideReason: String, Sendable {
        /// It could not be read.
        case unreadable
        /// The audit log's queue dropped some of it: compare it with the store.
        case toCompare = "to-compare"
    }

    /// Moves the file out of the way, so that it is neither replayed nor removed; returns its
    /// new path (`…jsonl.<reason>-<seconds since 1970>-<random>`; never over an existing file).
    public func setAside(_ reason: SetAsideReason) -> String? {
        let aside = path + ".\(reason.rawValue)-\(Int(Date().timeIntervalSince1970))-\(UUID().uuidString.prefix(8).lowercased())"
        // link + unlink instead of rename: link fails rather than replace a file of that name.
        guard link(path, aside) == 0 else { return nil }
        unlink(path)
        return aside
    }

    private func unavailable(_ what: String) -> StoreError {
        .unavailable("audit spool \(path): \(what) (\(String(cString: strerror(errno))))")
    }
}
