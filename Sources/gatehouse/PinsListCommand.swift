import ArgumentParser
import Foundation
import Gateway
import JSON
import Store

/// `gatehouse pins list`: every pinned tool of the configured servers, or only the changes.
struct PinsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List pinned tools per server, with changed and new ones marked.",
        discussion: """
            --json prints an array of {"server", "tool", "status" (pinned, changed, new), "hash", \
            "pinnedAt", "approvedBy"} and, for changed and new tools, "pinned" and "observed" \
            definitions and "changedAt".

            Examples:
              gatehouse pins list --server crm
              gatehouse pins list --changed
            """
    )

    @Option(help: ArgumentHelp("Only this server (default: every server of the configuration).", valueName: "server"))
    var server: String?

    @Flag(help: "Only tools whose definition changed or appeared since pinning.")
    var changed = false

    @OptionGroup var config: ConfigOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let servers = try PinsListCommand.servers(server, config: config)
        let onlyChanged = changed
        let pins = try await state.withStores(configured: config.configuredStore()) { stores -> [ToolPin] in
            if onlyChanged && servers == nil { return try await stores.pins.pendingChanges() }
            var pins: [ToolPin] = []
            for server in servers ?? [] { pins += try await stores.pins.pins(server: server) }
            return onlyChanged ? pins.filter(\.needsApproval) : pins
        }
        if output.json {
            Console.json(.array(pins.map(\.json)))
            return
        }
        guard !pins.isEmpty else {
            Console.error(onlyChanged ? "no tool definition changed since it was pinned" : "no tools pinned yet (they are pinned at the first tools/list)")
            return
        }
        var table = TextTable(header: ["SERVER", "TOOL", "STATUS", "SINCE", "APPROVED BY"])
        for pin in pins {
            let since = pin.changedAt ?? pin.pinnedAt
            table.add([pin.server, TerminalText.safe(pin.tool), pin.status.rawValue, Timestamp.string(since), pin.approvedBy])
        }
        Console.out(table.text)
    }

    /// The servers to list: the one asked for, else the configuration's; nil means "the store's
    /// pending changes" when no configuration is around.
    static func servers(_ server: String?, config: ConfigOptions) throws -> [String]? {
        if let server { return [server] }
        guard config.explicitFile != nil || FileManager.default.fileExists(atPath: config.file) else { return nil }
        return try config.parse().servers.map(\.name)
    }
}
