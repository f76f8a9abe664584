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

            MCP's own hints are judged from the definition alone, with the specification's meanings: \
            read-only (changes nothing), destructive (may replace or remove what exists; additive \
            tools are not), idempotent (a repeat has no further effect), open world (reaches the \
            internet, a third-party service, people, a blockchain). They are shown beside the hints the \
            server declared, with why where they differ, and a definition that speaks to the model \
            (hidden instructions, invisible characters) is flagged first.

            With no arguments, classifies every tool of every server; with SERVER, that server's \
            tools; with SERVER TOOL, one tool in detail with its recommended rule. --json prints one \
            JSON array of objects either way. --annotations prints, for SERVER (or every server), the \
            annotations its tools' definitions support, as a patch a server author can apply: \
            {"tool name": {"readOnlyHint": …, "destructiveHint": …, "idempotentHint": …, "openWorldHint": …}}.

            Examples:
              gatehouse classify --catalog ../shared/catalog
              gatehouse classify twenty-crm-jdu278 UpdateOneConnectedAccount --catalog ../shared/catalog
              gatehouse classify github-mcp-server --catalog ../shared/catalog --json
              gatehouse classify twenty-crm-jdu278 --annotations --catalog ../shared/catalog
            """
    )

    @Argument(help: "A server id (the file name in servers/, without .json).")
    var server: String?

    @Argument(help: "A tool name on that server.")
    var tool: String?

    @Flag(help: "Print the MCP annotations each tool's definition supports, as a patch (tool name → annotations).")
    var annotations = false

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
        if annotations {
            Console.json(Self.annotationPatch(results.map { ($0.server.id, $0.tool.name, $0.classification) }, bySever: server == nil))
        } else if output.json {
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
            "read-only:    \(yesNo(c.readOnly)) — \(c.hints.readOnly.because)",
            "destructive:  \(yesNo(c.destructive)) — \(c.hints.destructive.because)",
            "idempotent:   \(yesNo(c.idempotent)) — \(c.hints.idempotent.because)",
            "open world:   \(yesNo(c.openWorld)) — \(c.hints.openWorld.because)",
            "reversible:   \(yesNo(c.reversible)) (our own judgement; it drives the risk level)",
            "sensitivity:  \(c.sensitivity.isEmpty ? "none found" : c.sensitivity.map(\.rawValue).joined(separator: ", "))",
            "confidence:   \(c.confidence.rawValue)",
            "rationale:    \(c.rationale)",
            "suggested:    \(JSONWriter().string(c.suggestedAnnotations.json))",
        ]
        if let language = c.descriptionLanguage {
            lines.append("language:     the description is in \(language); judged from the name, the input and any English")
        }
        lines.insert(contentsOf: c.poisoning.map { "POISONED:     \($0.location) \($0.kind.summary): '\($0.quote)'" }, at: 1)
        for disagreement in c.hintDisagreements {
            lines.append("declared:     \(disagreement.hint): \(disagreement.declared), but the definition says \(disagreement.suggested): \(disagreement.because)")
        }
        lines.append("evidence:")
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

    /// `{"tool": {annotations}}` for one server, or `{"server": {"tool": {annotations}}}` for several.
    static func annotationPatch(_ rows: [(server: String, tool: String, classification: ToolClassification)], bySever: Bool) -> JSONValue {
        var servers = JSONObject()
        for row in rows {
            var tools = servers[row.server]?.objectValue ?? JSONObject()
            tools[row.tool] = row.classification.suggestedAnnotations.json
            servers[row.server] = .object(tools)
        }
        if !bySever, let only = servers.values.first { return only }
        return .object(servers)
    }
}
