import ArgumentParser
import Foundation
import Gateway
import JSON
import Store

/// `gatehouse approvals list`: the pending requests, oldest first.
struct ApprovalsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the calls waiting for approval (or, with --recent, the latest of any status).",
        discussion: """
            --json prints an array of {"id", "server", "tool", "arguments", "grant", "session", "rule", \
            "reason", "risk", "approver", "requestedAt", "expiresAt", "status", …}: the same objects \
            as GET /api/approvals.

            Examples:
              gatehouse approvals list
              gatehouse approvals list --recent 20 --json
            """
    )

    @Option(help: ArgumentHelp("Show the latest N requests of any status instead of the pending ones.", valueName: "n"))
    var recent: Int?

    @OptionGroup var config: ConfigOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let recent, !(1...10_000).contains(recent) { throw ValidationError("--recent must be between 1 and 10000") }
    }

    func run() async throws {
        let recent = self.recent
        let requests = try await state.withStores(configured: config.configuredStore()) { stores in
            if let recent { return try await stores.approvals.recent(limit: recent) }
            return try await stores.approvals.pending()
        }
        if output.json {
            Console.json(.array(requests.map(\.json)))
            return
        }
        guard !requests.isEmpty else {
            Console.error(recent == nil ? "no calls are waiting for approval" : "no approval requests yet")
            return
        }
        var table = TextTable(header: ["ID", "SERVER", "TOOL", "GRANT", "REQUESTED", "STATUS", "ARGUMENTS"])
        for request in requests {
            let arguments = request.arguments.count > 60 ? String(request.arguments.prefix(57)) + "..." : request.arguments
            table.add([request.id, request.server, TerminalText.safe(request.tool), request.grant, Timestamp.string(request.requestedAt),
                       request.status.rawValue, TerminalText.safe(arguments)])
        }
        Console.out(table.text)
    }
}
