import Foundation
import JSON
import Store

/// One request refused before any policy: no or bad token (401), or a grant, origin or admin
/// token that does not allow it (403). Recorded without the token, ever.
struct AccessRefusal: Sendable, Equatable {
    var time: Date
    /// The client's address (`remoteAddress`), or `unknown`.
    var source: String
    /// 401 or 403.
    var status: Int
    /// The grant the request's token names, when it names one.
    var grant: String?
    var method: String
    /// The path, without the query (which may carry secrets), cut at 256 bytes.
    var path: String
    var reason: String

    /// What coalesces refusals into one row: the same source, status and grant.
    struct Key: Hashable, Sendable {
        var source: String
        var status: Int
        var grant: String?
    }

    var key: Key { Key(source: source, status: status, grant: grant) }

    /// The longest path kept.
    static let maximumPathBytes = 256

    static func path(_ path: String) -> String {
        guard path.utf8.count > maximumPathBytes else { return path }
        return String(decoding: path.utf8.prefix(maximumPathBytes), as: UTF8.self) + "…"
    }

    /// The server a `/mcp/<server>` path names.
    var server: String? {
        guard path.hasPrefix("/mcp/") else { return nil }
        let name = path.dropFirst(5).prefix { $0 != "/" }
        return name.isEmpty ? nil : String(name)
    }

    /// The audit row for this refusal and the `count - 1` like it that followed within its window.
    func entry(count: Int, lastAt: Date) -> AuditEntry {
        AuditEntry(
            time: time, kind: .accessRefused, grant: grant, server: server, decision: status == 401 ? "unauthorized" : "forbidden",
            reason: reason,
            detail: [
                "status": .int(Int64(status)), "remoteAddress": .string(source), "method": .string(method), "path": .string(path),
                "count": .int(Int64(count)), "lastAt": .string(Timestamp.string(lastAt)),
            ])
    }
}
