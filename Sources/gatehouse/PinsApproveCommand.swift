import ArgumentParser
import Foundation
import Gateway
import JSON
import Store

/// `gatehouse pins approve SERVER TOOL` (or `--all`): accept observed definitions as the pins.
struct PinsApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Accept a changed or new tool definition: calls to it go through again.",
        discussion: """
            Read the change first (gatehouse pins list --changed --json, or the dashboard's diff). \
            Exit 1 when the tool is unknown or has no change awaiting approval.

            Examples:
              gatehouse pins approve crm createOnePerson
              gatehouse pins approve crm --all
            """
    )

    @Argument(help: ArgumentHelp("The server.", valueName: "server"))
    var server: String

    @Argument(help: ArgumentHelp("The tool (omit with --all).", valueName: "tool"))
    var tool: String?

    @Flag(help: "Approve every changed and new tool of the server.")
    var all = false

    @Option(help: ArgumentHelp("Who approves, as recorded (default: $USER, else admin).", valueName: "name"))
    var by: String?

    @OptionGroup var config: ConfigOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if all == (tool != nil) { throw ValidationError("name one TOOL, or pass --all") }
    }

    func run() async throws {
        let (server, tool) = (self.server, self.tool)
        let approver = ApproverName.resolve(by)
        let approved = try await state.withStores(configured: config.configuredStore()) { stores -> [ToolPin] in
            var tools = [String]()
            if let tool {
                tools = [tool]
            } else {
                tools = try await stores.pins.pins(server: server).filter(\.needsApproval).map(\.tool)
            }
            var approved: [ToolPin] = []
            for tool in tools {
                do {
                    let pin = try await stores.pins.approve(server: server, tool: tool, by: approver, at: Date())
                    _ = try await stores.audit.append([PinGuard.approvedEvent(pin)])
                    approved.append(pin)
                } catch StoreError.notFound(let message), StoreError.conflict(let message) {
                    throw CommandFailure("gatehouse: \(message)")
                }
            }
            return approved
        }
        if output.json {
            Console.json(.array(approved.map(\.json)))
        } else if approved.isEmpty {
            Console.error("no tool of server '\(server)' has a change awaiting approval")
        } else {
            for pin in approved {
                Console.out("approved the new definition of \(TerminalText.safe(pin.tool)) on \(pin.server); running gateways let calls through within a second")
            }
        }
    }
}
