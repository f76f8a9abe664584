import ArgumentParser

/// `gatehouse config …`: the gateway configuration.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the gateway configuration (gatehouse.json) and the policies it names.",
        subcommands: [ConfigCheckCommand.self]
    )
}
