import Catalog
import JSON
import Policy

/// The real commands that put a policy in force with Gatehouse, for one server (and tool): each
/// a fenced code block built here, so names from the catalog stay inert inside it.
struct EnforcementGuide: TemplateModel {
    var serverID: String
    /// Where agents connect once the gateway runs: `http://127.0.0.1:8080/mcp/<server>`.
    var gatewayURL: String
    var checkCommandMarkdown: String
    var explainCommandMarkdown: String
    /// What `explain` shows: "the 31st call within a minute is refused (rate_limited)".
    var explainOutcome: String
    var configMarkdown: String
    var grantCommandMarkdown: String
    var serveCommandMarkdown: String

    static let fields = TemplateFields<EnforcementGuide>([
        "serverID": .text { $0.serverID }, "gatewayURL": .text { $0.gatewayURL },
        "checkCommandMarkdown": .text { $0.checkCommandMarkdown }, "explainCommandMarkdown": .text { $0.explainCommandMarkdown },
        "explainOutcome": .text { $0.explainOutcome }, "configMarkdown": .text { $0.configMarkdown },
        "grantCommandMarkdown": .text { $0.grantCommandMarkdown }, "serveCommandMarkdown": .text { $0.serveCommandMarkdown },
    ])

    /// For a server's whole policy.
    init(server: CatalogServer) {
        serverID = server.id
        gatewayURL = "http://127.0.0.1:8080/mcp/\(server.id)"
        checkCommandMarkdown = MarkdownEscaper.fencedCodeBlock("gatehouse check policy.json", info: "sh")
        let (explain, outcome) = Self.explain(tool: nil, rule: nil)
        explainCommandMarkdown = MarkdownEscaper.fencedCodeBlock(explain, info: "sh")
        explainOutcome = outcome
        configMarkdown = MarkdownEscaper.fencedCodeBlock(Self.config(server), info: "json")
        grantCommandMarkdown = MarkdownEscaper.fencedCodeBlock(
            "gatehouse grant create --name my-agent --server \(server.id) --config gatehouse.json", info: "sh")
        serveCommandMarkdown = MarkdownEscaper.fencedCodeBlock("gatehouse serve --config gatehouse.json", info: "sh")
    }

    /// The same guide for one tool's policy: `explain` shows what its rule does (`rule` is nil
    /// for a tool no policy can name).
    func forTool(_ tool: String, rule: ToolRule?) -> EnforcementGuide {
        var guide = self
        let (explain, outcome) = Self.explain(tool: rule == nil ? nil : tool, rule: rule)
        guide.explainCommandMarkdown = MarkdownEscaper.fencedCodeBlock(explain, info: "sh")
        guide.explainOutcome = outcome
        return guide
    }

    private static func explain(tool: String?, rule: ToolRule?) -> (command: String, outcome: String) {
        guard let tool else {
            return ("gatehouse explain policy.json --tool NAME --args '{}'", "the decision for any tool, and the rule that took it")
        }
        let base = "gatehouse explain policy.json --tool \(ShellQuote.quote(tool))"
        guard let rule else { return (base, "deny: no rule names it, so the default denies it") }
        if let limit = rule.limits.first, rule.effectiveAction == .allow, let max = Int(exactly: limit.max), max < 10_000 {
            let window = limit.window.name.map { "one \($0)" } ?? "\(Int(limit.window.seconds)) seconds"
            return (base + " --repeat \(max + 1)", "call \(max + 1) within \(window) is refused (rate_limited)")
        }
        switch rule.effectiveAction {
        case .allow: return (base, "allow")
        case .deny: return (base, "deny, with the reason the agent reads")
        case .requireApproval:
            return rule.conditions.isEmpty
                ? (base, "require_approval: the call waits for a person")
                : (base + " --args '{}'", "deny: a call without the capped amount is refused outright")
        }
    }

    /// `gatehouse.json`: the server in the `mcpServers` shape MCP clients use, with its policy.
    private static func config(_ server: CatalogServer) -> String {
        var entry = JSONObject()
        if server.transport == "http" {
            entry["url"] = "https://…/mcp"
        } else {
            entry["command"] = "…"
            entry["args"] = []
        }
        entry["policy"] = "policy.json"
        let document: JSONValue = ["mcpServers": .object([server.id: .object(entry)])]
        return JSONWriter(style: .pretty).string(document)
    }
}
