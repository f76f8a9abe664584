import ArgumentParser
import Catalog
import JSON

/// `gatehouse classify [SERVER [TOOL]]`: what a tool does, how risky it is, why, on what evidence.
struct ClassifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify the risk of catalog tools from their definitions, with the evidence.",
        discussion: """
            For every tool: its category (read, write, destructive, execute, communicate, financial, \
            admin), risk level (low, medium, high, critical), whether it only reads, whether it may \
            destroy data, whether its effect can be put back, what data it touches, a short rationale, \
            and the exact facts from the definition it rests on. Annotations are untrusted hints: they \
            may raise risk, and lower it only where the definition agrees (docs/classification.md).

            With no arguments, classifies every tool of every server; with SERVER, that server's \
            tools; with SERVER TOOL, one tool in detail with its recommended rule. --json prints one \
            JSON array of objects either way.

            Examples:
              gatehouse classify --catalog ../shared/catalog
              gatehouse classify twenty-crm-jdu278 UpdateOneConnectedAccount --catalog ../shared/catalog
              gatehouse classify github-mcp-server --catalog ../shared/catalog --json
            """
    )

    @Argument(help: "A server id (the file name in servers/, without .json).")
    var server: String?

    @Argument(help: "A tool name on that server.")
    var tool: String?

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let loaded = try catalog.loadCatalog()
        var selected: [(server: CatalogServer, tool: CatalogTool)] = []
        if let server {
            let found = try catalog.server(server, in: loaded)
            if let tool {
                selected = [(found, try catalog.tool(tool, on: found))]
            } else {
                selected = found.tools.map { (found, $0) }
            }
        } else {
            selected = loaded.tools
        }
        var contexts: [String: ServerContext] = [:]
        let results = selected.map { server, tool in
            let context = contexts[server.id] ?? ServerContext.of(server)
            contexts[server.id] = context
            return (server: server, tool: tool, classification: Classifier.classify(tool, in: context))
        }
        if output.json {
            Console.json(.array(results.map { $0.classification.json(server: $0.server.id, tool: $0.tool.name) }))
        } else if tool != nil, let only = results.first {
            Console.out(Self.detail(server: only.server, tool: only.tool, classification: only.classification))
        } else {
            Console.out(Self.table(results.map { ($0.server.id, $0.tool.name, $0.classification) }))
        }
    }

    static func detail(server: CatalogServer, tool: CatalogTool, classification c: ToolClassification) -> String {
        let recommendation = Recommender.recommend(for: tool, classification: c)
        var lines = [
            "\(server.id) / \(tool.name)",
            "category:     \(c.category.rawValue)",
            "level:        \(c.level.rawValue)",
            "read-only:    \(yesNo(c.readOnly))",
            "destructive:  \(yesNo(c.destructive))",
            "reversible:   \(yesNo(c.reversible))",
            "open world:   \(yesNo(c.openWorld))",
            "sensitivity:  \(c.sensitivity.isEmpty ? "none found" : c.sensitivity.map(\.rawValue).joined(separator: ", "))",
            "confidence:   \(c.confidence.rawValue)",
            "rationale:    \(c.rationale)",
            "evidence:",
        ]
        lines += c.evidence.map { "  - \($0.text)" }
        lines.append("recommended:  \(JSONWriter().string(recommendation.rule.json))")
        lines.append("              \(recommendation.summary)")
        return lines.joined(separator: "\n")
    }

    static func table(_ rows: [(server: String, tool: String, classification: ToolClassification)]) -> String {
        var table = TextTable(header: ["SERVER", "TOOL", "CATEGORY", "LEVEL", "EFFECT", "SENSITIVITY"])
        for (server, tool, c) in rows {
            let effect = c.readOnly ? "read-only" : c.destructive ? "destructive" : c.reversible ? "reversible" : "irreversible"
            table.add([server, tool, c.category.rawValue, c.level.rawValue, effect, c.sensitivity.map(\.rawValue).joined(separator: ",")])
        }
        return table.text
    }

    private static func yesNo(_ flag: Bool) -> String { flag ? "yes" : "no" }
}
