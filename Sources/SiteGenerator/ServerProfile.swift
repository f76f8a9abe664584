import Catalog
import JSON

/// What a server page says about the server as a whole, beyond its risk counts: what its tools
/// touch, whether it declares MCP annotations (and the ones we suggest when it declares none),
/// and what its tool definitions cost in an agent's context.
struct ServerProfile: Sendable {
    /// Sensitivities with how many tools touch each, most first.
    var touches: [Label]
    var annotatedToolCount: Int
    /// `{"tool": {"readOnlyHint": …}, …}` as a fenced JSON block, when no tool declares any.
    var suggestedAnnotationsMarkdown: String
    /// The `tools/list` result as an agent receives it: compact JSON, UTF-8 bytes.
    var contextBytes: Int

    /// Tokens, approximated as UTF-8 bytes ÷ 4.5, rounded: no tokenizer is built in. On every
    /// 10th wild-catalog server (211) that is within 6.6% of OpenAI's o200k_base on average
    /// (median +0.4%, 90th percentile 13%, worst −41% for CJK text): `scripts/measure-context-tokens`.
    var contextTokens: Int { (contextBytes * 2 + 4) / 9 }

    init(server: CatalogServer, classifications: [ToolClassification]) {
        var counts: [Sensitivity: Int] = [:]
        for c in classifications { for s in c.sensitivity { counts[s, default: 0] += 1 } }
        touches = Sensitivity.allCases.compactMap { s in counts[s].map { Label(id: s.rawValue, name: s.displayName, count: $0) } }
            .sorted { $0.count > $1.count }
        annotatedToolCount = server.tools.filter { ToolPageBuilder.declaresHints($0.annotations) }.count
        if annotatedToolCount == 0, !server.tools.isEmpty {
            let suggested = JSONObject(uniqueKeysWithValues: zip(server.tools, classifications).map { ($0.name, $1.suggestedAnnotations.json) })
            suggestedAnnotationsMarkdown = MarkdownEscaper.fencedCodeBlock(JSONWriter(style: .pretty).string(.object(suggested)), info: "json")
        } else {
            suggestedAnnotationsMarkdown = ""
        }
        contextBytes = JSONWriter().bytes(Self.toolsList(server)).count
    }

    /// `{"tools": [{"name", "title", "description", "inputSchema", "annotations"}]}`, the fields a
    /// server sends (absent ones left out).
    static func toolsList(_ server: CatalogServer) -> JSONValue {
        .object(["tools": .array(server.tools.map { tool in
            var members: JSONObject = ["name": .string(tool.name)]
            if let title = tool.title { members["title"] = .string(title) }
            if !tool.description.isEmpty { members["description"] = .string(tool.description) }
            members["inputSchema"] = tool.inputSchema
            let a = tool.annotations
            var annotations = JSONObject()
            if let title = a.title { annotations["title"] = .string(title) }
            if let v = a.readOnlyHint { annotations["readOnlyHint"] = .bool(v) }
            if let v = a.destructiveHint { annotations["destructiveHint"] = .bool(v) }
            if let v = a.idempotentHint { annotations["idempotentHint"] = .bool(v) }
            if let v = a.openWorldHint { annotations["openWorldHint"] = .bool(v) }
            if !annotations.isEmpty { members["annotations"] = .object(annotations) }
            return .object(members)
        })])
    }
}
