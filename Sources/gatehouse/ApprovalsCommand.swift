import ArgumentParser

/// `gatehouse approvals …`: the calls held for a person's approval.
struct ApprovalsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals",
        abstract: "List, approve and deny tool calls held for a person's approval.",
        discussion: """
            A policy rule with "action": "require_approval" holds the call: the agent waits while \
            the request sits in the queue, until someone approves it (the call is forwarded and the \
            agent gets the real result), denies it (the agent reads the note), or it times out \
            (approvals.timeoutSeconds, default 300). These commands work on the same store as the \
            running gateway (--data or --store): a decision made here releases the waiting call \
            within a second. The /approvals page and /api/approvals do the same over HTTP.

            Examples:
              gatehouse approvals list
              gatehouse approvals approve 3f2a… --note "checked with the customer"
              gatehouse approvals deny 3f2a… --note "not during the freeze"
            """,
        subcommands: [ApprovalsListCommand.self, ApprovalsApproveCommand.self, ApprovalsDenyCommand.self]
    )
}
