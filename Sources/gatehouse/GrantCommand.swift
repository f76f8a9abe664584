import ArgumentParser

/// `gatehouse grant …`: the credentials agents call the gateway with.
struct GrantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Create, list and revoke the tokens agents use to call the gateway.",
        discussion: """
            A grant is a named bearer token covering some of the configured servers. Agents send it \
            as `Authorization: Bearer <token>`; a missing or unknown token gets 401, a server the \
            grant does not cover gets 403. Tokens are shown once and stored only as a SHA-256 hash. \
            Rate limits with "scope": "grant" count per grant.

            Examples:
              gatehouse grant create --name claude-desktop --server demo --server time
              gatehouse grant list
              gatehouse grant revoke claude-desktop
            """,
        subcommands: [GrantCreateCommand.self, GrantListCommand.self, GrantRevokeCommand.self]
    )
}
