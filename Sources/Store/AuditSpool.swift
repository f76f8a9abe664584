import Foundation
import JSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the audit log holds while its store refuses writes, kept on disk so that a gateway
/// stopped during an outage loses none of it: the rows of what happened meanwhile (refused calls,
/// sessions opened and closed) and the outcomes of calls admitted before.
///
/// An append-only file of JSON lines in the data folder (`audit-spool-<replica>.jsonl`: each
/// gateway sharing a data folder has its own, found again after a restart under the same
/// name), each append flushed to disk before it returns; removed once the store has taken
/// everything. A line torn by a crash in mid-append is skipped when the file is read back. Rows
/// written to the store just before a stop, while the spool still listed them, are written again
/// at the next start: the spool errs towards a duplicate row, never a missing one.
public final class AuditSpool: Sendable {
    public let path: String
    private let directory: String

    /// The spool of the gateway named `replica` in `directory` (the `--data` folder); nothing is
    /// created until something is spooled.
    public init(directory: String, replica: String) {
        self.directory = directory
        let safeName = String(replica.unicodeScalars.map { scalar -> Character in
            CharacterSet.alphanumerics.contains(scalar) && scalar.isASCII || scalar == "-" || scalar == "_" ? Character(scalar) : "-"
        })
        path = URL(fileURLWithPath: directory).appendingPathComponent("audit-spool-\(safeName).jsonl").path
    }

    /// What a spool file holds.
    public struct Contents: Sendable, Equatable {
        public var rows: [AuditEntry] = []
        public var completions: [AuditCompletion] = []
        /// Lines that could not be read (a torn last line after a crash, or damage).
        public var unreadableLines = 0

        public var isEmpty: Bool { rows.isEmpty && completions.isEmpty }
    }

    /// Appends rows and outcomes; returns once they are on disk.
    public func append(rows: [AuditEntry], completions: [AuditCompletion]) throws(StoreError) {
        guard !rows.isEmpty || !completions.isEmpty else { return }
        var text = ""
        for row in rows { text += JSONWriter().string(["row": Self.json(row)]) + "\n" }
        for completion in completions { text += JSONWriter().string(["completion": Self.json(completion)]) + "\n" }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw unavailable("cannot open") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { throw unavailable("cannot write") }
            written += result
        }
        guard fsync(fd) == 0 else { throw unavailable("cannot flush") }
    }

    /// Everything spooled so far (empty when there is no file).
    public func load() throws(StoreError) -> Contents {
        guard FileManager.default.fileExists(atPath: path) else { return Contents() }
        guard let data = FileManager.default.contents(atPath: path) else { throw unavailable("cannot read") }
        var contents = Contents()
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let value = try? JSONParser.parse(bytes: line) else {
                contents.unreadableLines += 1
                continue
            }
            if let row = value["row"].flatMap(Self.row(from:)) {
                contents.rows.append(row)
            } else if let completion = value["completion"].flatMap(Self.completion(from:)) {
                contents.completions.append(completion)
            } else {
                contents.unreadableLines += 1
            }
        }
        return contents
    }

    /// Empties the spool (the store has taken everything in it).
    public func clear() throws(StoreError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw unavailable("cannot remove") }
    }

    private func unavailable(_ what: String) -> StoreError {
        .unavailable("audit spool \(path): \(what) (\(String(cString: strerror(errno))))")
    }

    // MARK: The lines

    /// Every field as stored (the time as seconds since 1970, so it comes back to the bit).
    static func json(_ row: AuditEntry) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return [
            "time": .number(row.time.timeIntervalSince1970), "kind": .string(row.kind.rawValue), "grant": text(row.grant),
            "session": text(row.session), "server": text(row.server), "tool": text(row.tool), "decision": text(row.decision),
            "rule": text(row.rule), "reason": text(row.reason), "argumentsDigest": text(row.argumentsDigest),
            "arguments": text(row.arguments), "outcome": text(row.outcome?.rawValue),
            "latencyMs": row.latencyMs.map(JSONValue.number) ?? .null, "error": text(row.error), "detail": row.detail ?? .null,
        ]
    }

    static func json(_ completion: AuditCompletion) -> JSONValue {
        ["id": .int(completion.id), "outcome": .string(completion.outcome.rawValue), "latencyMs": .number(completion.latencyMs),
         "error": completion.error.map(JSONValue.string) ?? .null]
    }

    static func row(from value: JSONValue) -> AuditEntry? {
        guard let seconds = value["time"]?.numberValue, let kind = value["kind"]?.stringValue else { return nil }
        var row = AuditEntry(time: Date(timeIntervalSince1970: seconds), kind: AuditKind(kind))
        row.grant = value["grant"]?.stringValue
        row.session = value["session"]?.stringValue
        row.server = value["server"]?.stringValue
        row.tool = value["tool"]?.stringValue
        row.decision = value["decision"]?.stringValue
        row.rule = value["rule"]?.stringValue
        row.reason = value["reason"]?.stringValue
        row.argumentsDigest = value["argumentsDigest"]?.stringValue
        row.arguments = value["arguments"]?.stringValue
        row.outcome = value["outcome"]?.stringValue.flatMap(AuditOutcome.init(rawValue:))
        row.latencyMs = value["latencyMs"]?.numberValue
        row.error = value["error"]?.stringValue
        row.detail = value["detail"].flatMap { $0.isNull ? nil : $0 }
        return row
    }

    static func completion(from value: JSONValue) -> AuditCompletion? {
        guard let id = value["id"]?.intValue, let outcome = value["outcome"]?.stringValue.flatMap(AuditOutcome.init(rawValue:)),
              let latency = value["latencyMs"]?.numberValue else { return nil }
        return AuditCompletion(id: id, outcome: outcome, latencyMs: latency, error: value["error"]?.stringValue)
    }
}
