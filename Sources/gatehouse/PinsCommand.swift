import ArgumentParser

/// `gatehouse pins …`: the pinned tool definitions of the upstream servers.
struct PinsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pins",
        abstract: "List pinned tool definitions and approve changed or new ones.",
        discussion: """
            The first tools/list the gateway sees from a server pins every tool (a hash of its name, \
            description, input schema and annotations). A later change, or a tool that appears \
            later, is recorded; with "pinning": "enforce" (the default) calls to it are refused \
            ("tool definition changed since it was pinned") until its new definition is approved \
            here or on the dashboard. Running gateways notice an approval within about a second.

            Examples:
              gatehouse pins list
              gatehouse pins list --changed --json
              gatehouse pins approve crm createOnePerson
              gatehouse pins approve crm --all
            """,
        subcommands: [PinsListCommand.self, PinsApproveCommand.self]
    )
}
