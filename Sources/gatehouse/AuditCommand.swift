import ArgumentParser
import Foundation
import JSON
import Store

/// `gatehouse audit`: read the audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the audit log: every decision the gateway took, newest first.",
        discussion: """
            Every tools/call is written before it is forwarded — time, grant, session, server, tool, \
            decision, rule, reason, a SHA-256 digest of the arguments (and the arguments, redacted as \
            configured) — and completed with the upstream's outcome and latency. Other rows record \
            sessions, filtered tool lists, policy reloads and rejections, approvals, pin changes and \
            upstream crashes (--kind).

            --since and --until take an age (90s, 10m, 2h, 7d) or an ISO 8601 time \
            (2026-11-30T10:00:00Z). --json prints an array of row objects with camelCase keys: id, \
            time, kind, grant, session, server, tool, decision, rule, reason, argumentsDigest, \
            arguments, outcome, latencyMs, error, detail (null when empty).

            Examples:
              gatehouse audit
              gatehouse audit --server demo --decision deny --since 1h
              gatehouse audit --tool UpdateOneConnectedAccount --limit 500 --json
            """
    )

    @Option(help: "Only rows for this server.") var server: String?
    @Option(help: "Only rows for this tool.") var tool: String?
    @Option(help: "Only rows of this grant (by name).") var grant: String?
    @Option(help: "Only rows of this MCP session.") var session: String?
    @Option(help: "Only this decision: allow, deny, rate_limited, require_approval…") var decision: String?
    @Option(help: "Only this kind: tool_call, tools_list, session_opened, policy_reloaded, policy_rejected…") var kind: String?
    @Option(help: ArgumentHelp("Only rows at or after: an age (10m, 2h, 7d) or an ISO 8601 time.", valueName: "time"))
    var since: String?
    @Option(help: ArgumentHelp("Only rows before: an age or an ISO 8601 time.", valueName: "time"))
    var until: String?
    @Option(help: "At most this many rows.") var limit = 50

    @OptionGroup var config: ConfigOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, AuditFilter.time(from: value) == nil {
                throw ValidationError("\(flag) '\(value)': expected an age such as 10m, 2h or 7d, or a time such as 2026-11-30T10:00:00Z")
            }
        }
    }

    func run() async throws {
        let now = Date()
        let filter = AuditFilter(
            server: server, tool: tool, grant: grant, session: session, decision: decision, kind: kind.map(AuditKind.init(rawValue:)),
            since: since.flatMap { AuditFilter.time(from: $0, relativeTo: now) },
            until: until.flatMap { AuditFilter.time(from: $0, relativeTo: now) }, limit: limit)
        let rows = try await state.withStores(configured: config.configuredStore()) { stores in
            try await stores.audit.query(filter)
        }
        if output.json {
            Console.json(.array(rows.map(\.json)))
        } else if rows.isEmpty {
            Console.error("no audit rows match")
        } else {
            Console.out(Self.table(rows))
        }
    }

    static func table(_ rows: [AuditEntry]) -> String {
        var table = TextTable(header: ["TIME", "KIND", "GRANT", "SERVER", "TOOL", "DECISION", "OUTCOME", "MS", "REASON"],
                              rightAligned: [7])
        for row in rows {
            table.add([
                Timestamp.string(row.time), row.kind.rawValue, row.grant ?? "-", row.server ?? "-", row.tool ?? "-",
                row.decision ?? "-", row.outcome?.rawValue ?? "-", row.latencyMs.map { String(format: "%.1f", $0) } ?? "-",
                (row.reason ?? row.error).map { String($0.prefix(80)) } ?? "",
            ].map(TerminalText.safe))
        }
        return table.text
    }
}
