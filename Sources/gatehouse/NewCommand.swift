import ArgumentParser

/// `gatehouse new …`: start something to edit (Hugo's `hugo new site`).
struct NewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Start a site folder to edit.",
        subcommands: [NewSiteCommand.self]
    )
}
