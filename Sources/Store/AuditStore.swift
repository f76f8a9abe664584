import Foundation

/// Which audit rows to read. Every field narrows; nil fields do not.
public struct AuditFilter: Sendable, Equatable {
    /// Which rows come first.
    public enum Order: Sendable, Equatable {
        /// The usual view: the latest rows.
        case newestFirst
        /// For live tails: rows after ``AuditFilter/afterID`` in the order they were written.
        case oldestFirst
    }

    public var server: String?
    public var tool: String?
    public var grant: String?
    public var session: String?
    public var decision: String?
    public var kind: AuditKind?
    /// Rows at or after this time.
    public var since: Date?
    /// Rows before this time.
    public var until: Date?
    /// Rows with a larger id (what a live tail has not seen yet).
    public var afterID: Int64?
    public var limit: Int
    public var order: Order

    public init(
        server: String? = nil, tool: String? = nil, grant: String? = nil, session: String? = nil, decision: String? = nil,
        kind: AuditKind? = nil, since: Date? = nil, until: Date? = nil, afterID: Int64? = nil, limit: Int = 100,
        order: Order = .newestFirst
    ) {
        self.server = server
        self.tool = tool
        self.grant = grant
        self.session = session
        self.decision = decision
        self.kind = kind
        self.since = since
        self.until = until
        self.afterID = afterID
        self.limit = limit
        self.order = order
    }

    /// One `column op value` term of a WHERE clause; each store renders its own placeholders.
    struct Term {
        enum Value {
            case text(String)
            case time(Double)
            case id(Int64)
        }

        var column: String
        var comparison: String
        var value: Value
    }

    var terms: [Term] {
        var terms: [Term] = []
        func equal(_ column: String, _ value: String?) {
            if let value { terms.append(Term(column: column, comparison: "=", value: .text(value))) }
        }
        equal("server", server)
        equal("tool", tool)
        equal("grant_name", grant)
        equal("session", session)
        equal("decision", decision)
        equal("kind", kind?.rawValue)
        if let since { terms.append(Term(column: "time", comparison: ">=", value: .time(since.timeIntervalSince1970))) }
        if let until { terms.append(Term(column: "time", comparison: "<", value: .time(until.timeIntervalSince1970))) }
        if let afterID { terms.append(Term(column: "id", comparison: ">", value: .id(afterID))) }
        return terms
    }

    var orderBy: String { order == .newestFirst ? "ORDER BY id DESC" : "ORDER BY id" }
}

/// The audit log's storage. Rows are appended in batches (one transaction per batch) and
/// completed later; nothing is ever deleted by the gateway.
public protocol AuditStore: Sendable {
    /// Appends `entries` and applies `completions`, all in one transaction; returns the new
    /// rows' ids, in the order of `entries`.
    func write(appending entries: [AuditEntry], completing completions: [AuditCompletion]) async throws -> [Int64]
    /// Rows matching `filter`, in its order, at most `filter.limit`.
    func query(_ filter: AuditFilter) async throws -> [AuditEntry]
    /// At a gateway's start: the calls it forwarded in an earlier run and never saw end (it was
    /// killed) get outcome `interrupted` and `error`; returns how many. Never touches another
    /// replica's rows, nor rows that have an outcome.
    func interruptUnfinished(forwardedBy replica: String, error: String) async throws -> Int
}

extension AuditStore {
    /// Stores that keep no rows across runs (test doubles) have nothing to interrupt.
    public func interruptUnfinished(forwardedBy replica: String, error: String) async throws -> Int { 0 }

    /// Appends a batch of rows in one transaction; returns their ids in order.
    public func append(_ entries: [AuditEntry]) async throws -> [Int64] {
        try await write(appending: entries, completing: [])
    }

    /// Writes how forwarded calls ended onto their rows.
    public func complete(_ completions: [AuditCompletion]) async throws {
        _ = try await write(appending: [], completing: completions)
    }
}

/// Column names and the JSON `detail`, shared by the SQL stores.
enum AuditColumns {
    static let insert = """
        time, kind, grant_name, session, server, tool, decision, rule, reason, arguments_digest, arguments, outcome, \
        latency_ms, error, detail, forwarded_by
        """
    /// The rows a replica forwarded and never completed (no index: read once, at its start).
    static let unfinished = "kind = 'tool_call' AND outcome IS NULL AND forwarded_by = "
    static let select = "id, " + insert
}

extension AuditFilter {
    /// Reads a time bound as people write it: an age (`90s`, `10m`, `2h`, `7d`, meaning that
    /// long before `now`) or an ISO 8601 time (`2026-11-30T10:00:00Z`, or a date, `2026-11-30`,
    /// meaning its midnight UTC). Nil when it is neither.
    public static func time(from text: String, relativeTo now: Date = Date()) -> Date? {
        if let unit = text.last, let seconds = ["s": 1.0, "m": 60, "h": 3600, "d": 86400][String(unit)],
           let amount = Double(text.dropLast()), amount >= 0, amount.isFinite {
            return now - amount * seconds
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) { return date }
        return nil
    }
}
