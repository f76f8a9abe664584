/// MCP's `LoggingLevel` (RFC 5424 severities), least severe first: what an upstream's
/// `notifications/message` carries, and — at 2026-07-28, in a request's
/// `_meta["io.modelcontextprotocol/logLevel"]` — the least severe one the agent wants for that
/// request. A request without it gets no log messages at all.
public enum LoggingLevel: String, CaseIterable, Comparable, Sendable {
    case debug, info, notice, warning, error, critical, alert, emergency

    /// The `_meta` key a 2026-07-28 request opts in to log messages with.
    public static let metaKey = "io.modelcontextprotocol/logLevel"

    /// Declaration order (debug first): what `<` compares, by a switch as the catalog's RiskLevel does
    /// (`allCases` would make an array per comparison, once per upstream log line).
    private var severity: Int {
        switch self {
        case .debug: 0
        case .info: 1
        case .notice: 2
        case .warning: 3
        case .error: 4
        case .critical: 5
        case .alert: 6
        case .emergency: 7
        }
    }

    public static func < (lhs: LoggingLevel, rhs: LoggingLevel) -> Bool {
        lhs.severity < rhs.severity
    }
}
