import ArgumentParser
import Foundation
import Gateway
import Store

/// What `approve` and `deny` share: the request id, the note, who decides, the store.
struct DecisionOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The request's id (from `gatehouse approvals list`).", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("A note for the agent and the audit log.", valueName: "text"))
    var note: String?

    @Option(help: ArgumentHelp("Who decides, as recorded in the audit log (default: $USER, else admin).", valueName: "name"))
    var by: String?

    @OptionGroup var config: ConfigOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var output: OutputOptions

    var approver: String {
        ApproverName.resolve(by)
    }

    /// Writes the decision (waking the gateway holding the call) and prints the decided request.
    func decide(_ verdict: Store.ApprovalVerdict) async throws {
        let (id, note, approver) = (self.id, self.note, self.approver)
        let decided = try await state.withStores(configured: config.configuredStore()) { stores -> ApprovalRequest in
            do {
                return try await ApprovalDecision.decide(id: id, verdict: verdict, by: approver, note: note,
                                                         approvals: stores.approvals, audit: stores.audit)
            } catch StoreError.notFound {
                throw CommandFailure("gatehouse: no approval request '\(id)' (see `gatehouse approvals list`)")
            } catch StoreError.conflict(let message) {
                throw CommandFailure("gatehouse: \(message)")
            }
        }
        if output.json {
            Console.json(decided.json)
        } else {
            let verb = verdict == .approve ? "approved" : "denied"
            Console.out("\(verb) \(TerminalText.safe(decided.tool)) on \(decided.server) (request \(decided.id)); the waiting call is released within a second")
        }
    }
}

/// `gatehouse approvals approve ID`: the held call is forwarded.
struct ApprovalsApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve a held call: it is forwarded and the agent gets the real result.",
        discussion: """
            Exit 1 when the request is unknown or already decided (approved, denied, timed out, \
            withdrawn by its agent, interrupted by a restart).

            Example:
              gatehouse approvals approve 3f2a… --note "ok for this customer"
            """
    )

    @OptionGroup var options: DecisionOptions

    func run() async throws {
        try await options.decide(.approve)
    }
}

/// `gatehouse approvals deny ID`: the agent gets an error result with the note.
struct ApprovalsDenyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deny",
        abstract: "Deny a held call: the agent gets an isError result with your note.",
        discussion: """
            Exit 1 when the request is unknown or already decided.

            Example:
              gatehouse approvals deny 3f2a… --note "not during the freeze"
            """
    )

    @OptionGroup var options: DecisionOptions

    func run() async throws {
        try await options.decide(.deny)
    }
}
