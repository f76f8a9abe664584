import ArgumentParser
import Catalog
import JSON
import Policy

/// `gatehouse recommend SERVER [--tool NAME]`: the recommended policy for a server or one tool.
struct RecommendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Print the recommended policy for a catalog server, or for one of its tools.",
        discussion: """
            The policy denies by default and gives every tool (or just --tool) the rule the \
            recommendation table assigns to its category and risk level: reads are allowed, writes \
            are rate-limited, destructive, financial and admin tools need approval, tools that run \
            arbitrary code are denied with a reason (docs/classification.md). The output is a \
            policy.json that passes 'gatehouse check'; --json wraps it with each rule's one-line summary.

            Examples:
              gatehouse recommend twenty-crm-jdu278 --tool UpdateOneConnectedAccount --catalog ../shared/catalog
              gatehouse recommend stripe-mcp --catalog ../shared/catalog > policy.json && gatehouse check policy.json
              gatehouse recommend mcp-filesystem --catalog ../shared/catalog --json
            """
    )

    @Argument(help: "A server id (the file name in servers/, without .json).")
    var server: String

    @Option(help: "Recommend for this tool only.")
    var tool: String?

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let loaded = try catalog.loadCatalog()
        let found = try catalog.server(server, in: loaded)
        let recommendations: [Recommendation]
        if let tool {
            let definition = try catalog.tool(tool, on: found)
            guard Recommender.canBeNamedInPolicy(definition.name) else {
                throw CommandFailure("'\(definition.name)' cannot be named in a policy ('*' is a wildcard there); the default denies it")
            }
            recommendations = [Recommender.recommend(for: definition, classification: Classifier.classify(definition, on: found))]
        } else {
            recommendations = Recommender.serverRecommendations(for: found)
        }
        let policy = PolicyDocument(defaultAction: .deny, tools: recommendations.map { ($0.key, $0.rule) })
        if output.json {
            Console.json([
                "server": .string(found.id),
                "policy": policy.json,
                "rules": .array(recommendations.map { ["tool": .string($0.key), "summary": .string($0.summary)] }),
            ])
        } else {
            Console.out(policy.prettyText)
        }
    }
}
