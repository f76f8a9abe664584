import ArgumentParser

/// `gatehouse policy …`: commands about policy files themselves.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Convert policies written for other engines.",
        discussion: """
            Examples:
              gatehouse policy import intercept.yaml > policy.json
              gatehouse policy import intercept.yaml --json
            """,
        subcommands: [PolicyImportCommand.self]
    )
}
