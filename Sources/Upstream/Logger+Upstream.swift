import Logging

extension Logger {
    /// This logger with `upstream=<name>` on every line, so that a server's lines can be told apart.
    func forUpstream(_ name: String) -> Logger {
        var logger = self
        logger[metadataKey: "upstream"] = "\(name)"
        return logger
    }
}
