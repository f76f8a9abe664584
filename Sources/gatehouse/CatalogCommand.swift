import ArgumentParser

/// `gatehouse catalog …`: commands about catalog folders themselves.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Check catalog folders, measure the classifier against them, lint the recommendations.",
        discussion: """
            A catalog folder holds servers/<id>.json (an MCP server's tools/list, plus metadata) and \
            optional notes servers/<id>/<tool>.md (docs/catalog.md). --catalog DIR is repeatable; the \
            default is the project's content/.

            Examples:
              gatehouse catalog check --catalog ../shared/catalog
              gatehouse catalog agreement --catalog ../shared/catalog --min-readonly 97 --min-destructive 90
              gatehouse catalog agreement --catalog ../shared/wild-catalog --labels ../shared/wild-catalog/labels/dev.jsonl
              gatehouse catalog lint --catalog ../shared/catalog
            """,
        subcommands: [CatalogCheckCommand.self, CatalogAgreementCommand.self, CatalogLintCommand.self]
    )
}
