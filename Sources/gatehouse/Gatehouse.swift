import ArgumentParser

/// The `gatehouse` command: one verb per job, each a thin shell over a library.
struct Gatehouse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract: "An MCP policy gateway and a catalog of what MCP tools can do.",
        discussion: """
            Check and explain policies, classify the tools of MCP servers, generate the docs site, and \
            run the gateway that enforces a policy on every tool call.

            Exit status: 0 ok, 1 problems found (or the command failed), 2 usage error.
            Every command that prints data takes --json.
            """,
        subcommands: [
            CheckCommand.self,
            ExplainCommand.self,
            PolicyCommand.self,
            ClassifyCommand.self,
            RecommendCommand.self,
            CatalogCommand.self,
            GenerateCommand.self,
            NewCommand.self,
            ImportCommand.self,
            ServeCommand.self,
            StdioCommand.self,
            ConfigCommand.self,
            GrantCommand.self,
            AuditCommand.self,
            ApprovalsCommand.self,
            PinsCommand.self,
            DemoServerCommand.self,
        ]
    )
}
