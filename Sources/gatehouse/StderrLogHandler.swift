import Foundation
import JSON
import Logging
import Store

/// Log lines on stderr, in swift-log's `StreamLogHandler` format
/// (`2026-11-30T15:00:00+0000 notice gatehouse: server=echo [Gateway] message`), with the
/// metadata rendered when a line is written instead of whenever it changes.
///
/// Much of what is logged comes from third parties (an upstream's stderr, its errors, tool
/// names): each line has its credentials redacted (``SecretScanner``) and its control
/// characters escaped (``UntrustedText``), so one event is one line, and the log neither keeps
/// a secret an upstream echoed nor replays terminal escapes to whoever reads it.
///
/// Hummingbird gives every request a logger with its own request id; the stock handler renders
/// its whole metadata to text at each such change — once per request, even at levels where the
/// request logs nothing (about 5 % of a proxied call's CPU, docs/benchmarks.md).
struct StderrLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        FileHandle.standardError.write(Data(line(for: event, at: Self.timestamp()).utf8))
    }

    /// One line: time, level, label, the metadata sorted by key, the source, the message.
    func line(for event: LogEvent, at timestamp: String) -> String {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, provided in provided } }
        if let explicit = event.metadata { all.merge(explicit) { _, explicit in explicit } }
        if let error = event.error {
            all["error.message"] = "\(error)"
            all["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        let rendered = all.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
        let text = "\(timestamp) \(event.level) \(label):\(rendered) [\(event.source)] \(event.message)"
        return UntrustedText.printable(SecretScanner.redacted(text)) + "\n"
    }

    /// Local time to the second, like `StreamLogHandler`'s.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
