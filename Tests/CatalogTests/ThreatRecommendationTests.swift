import Catalog
import JSON
import Policy
import Testing

/// Recommendations agree with the threats a tool poses (docs/classification.md, "Recommended
/// rules"), as a table of tools shaped like the world's.
@Suite struct ThreatRecommendationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var description: String
        var schema: String = #"{"type": "object"}"#
        var kind: RuleKind
        var testDescription: String { "\(name) → \(kind.rawValue)" }
    }

    static let cases: [Case] = [
        Case(name: "get_time", description: "Returns the current time in a time zone.", kind: .allow),
        Case(name: "get_weather", description: "Gets the weather from the weather API.", kind: .limit),
        Case(name: "fetch", description: "Fetches a URL and returns its content.", schema: #"{"type": "object", "properties": {"url": {"type": "string"}}}"#, kind: .hostCondition),
        Case(name: "http_post", description: "Sends a POST request.", schema: #"{"type": "object", "properties": {"url": {"type": "string"}, "body": {"type": "string"}}}"#, kind: .hostCondition),
        Case(name: "http_delete", description: "Sends a DELETE request.", schema: #"{"type": "object", "properties": {"url": {"type": "string"}}}"#, kind: .approval),
        Case(name: "read_file", description: "Reads a file.", schema: #"{"type": "object", "properties": {"path": {"type": "string"}}}"#, kind: .pathCondition),
        Case(name: "execute_command", description: "Executes a shell command.", schema: #"{"type": "object", "properties": {"command": {"type": "string"}}}"#, kind: .deny),
        Case(name: "run_query", description: "Runs a SQL query.", schema: #"{"type": "object", "properties": {"sql": {"type": "string"}}}"#, kind: .deny),
        Case(name: "send_email", description: "Sends an email.", schema: #"{"type": "object", "properties": {"to": {"type": "string"}, "body": {"type": "string"}}}"#, kind: .approval),
        Case(name: "create_event", description: "Creates a calendar event.", schema: #"{"type": "object", "properties": {"title": {"type": "string"}, "attendees": {"type": "array", "items": {"type": "string"}}}}"#, kind: .approval),
        Case(name: "create_user", description: "Creates a user.", schema: #"{"type": "object", "properties": {"email": {"type": "string"}, "password": {"type": "string"}, "role": {"type": "string"}}}"#, kind: .approval),
        Case(name: "update_profile", description: "Updates a profile.", schema: #"{"type": "object", "properties": {"body": {"type": "object", "properties": {"bio": {"type": "string"}, "apiToken": {"type": "string"}}}}}"#, kind: .credentialGuard),
        Case(name: "create_refund", description: "Refunds a payment.", schema: #"{"type": "object", "properties": {"amount": {"type": "integer"}}, "required": ["amount"]}"#, kind: .approvalWithCap),
        Case(name: "deleteManyRecords", description: "Deletes many records at once.", kind: .approval),
        Case(name: "create_note", description: "Creates a note.", kind: .limit),
        // Rewriting what a model is told later is a prompt injection that persists; renaming a prompt or reloading prompts is not.
        Case(name: "modify_prompt_section", description: "", schema: #"{"type": "object", "properties": {"id": {"type": "string"}, "new_content": {"type": "string"}}}"#, kind: .approval),
        Case(name: "update_prompt", description: "Updates a prompt.", schema: #"{"type": "object", "properties": {"id": {"type": "string"}, "systemMessage": {"type": "string"}}}"#, kind: .approval),
        Case(name: "update_prompt", description: "Renames a prompt.", schema: #"{"type": "object", "properties": {"promptId": {"type": "string"}, "name": {"type": "string"}}}"#, kind: .limit),
    ]

    @Test(arguments: cases)
    func recommendsTheRuleTheThreatCallsFor(_ example: Case) throws {
        let tool = CatalogTool(name: example.name, description: example.description, inputSchema: try JSONParser.parse(example.schema))
        let recommendation = Recommender.recommend(for: tool, classification: Classifier.classify(tool))
        #expect(recommendation.kind == example.kind, "\(recommendation.summary) \(JSONWriter().string(recommendation.rule.json))")
        let checked = PolicyChecker.check(text: recommendation.policy.prettyText)
        #expect(checked.problems.isEmpty, "\(checked.problems.map(\.description))")
    }

    @Test func aCredentialGuardRefusesOnlyCallsThatSetTheCredential() throws {
        let schema = try JSONParser.parse(#"{"type": "object", "properties": {"body": {"type": "object", "properties": {"bio": {"type": "string"}, "apiToken": {"type": "string"}}}}}"#)
        let tool = CatalogTool(name: "update_profile", description: "Updates a profile.", inputSchema: schema)
        let rule = Recommender.recommend(for: tool, classification: Classifier.classify(tool)).rule
        #expect(rule.conditions == [Condition(path: ArgumentPath("args.body.apiToken")!, op: .exists, value: .bool(false))])
        #expect(rule.limits.count == 1)
        #expect(rule.reason?.contains("ask a person") == true)
    }

    @Test func aFetchersHostConditionRefusesOtherHostsAndLookAlikes() async throws {
        let text = JSONWriter().string(["version": "1", "default": "deny", "tools": ["fetch": ["conditions": .array([ArgumentGuard.host(ArgumentPath("args.url")!).json])]]])
        let engine = PolicyEngine(policy: try CompiledPolicy(text: text), counters: InMemoryCounterStore())
        for (url, allowed) in [("https://docs.example.com/guide", true), ("https://docs.example.com", true),
                               ("https://docs.example.com.attacker.example/", false), ("https://docs.example.com@attacker.example/", false),
                               ("http://docs.example.com/", false), ("https://attacker.example/?docs.example.com", false)] {
            let ruling = await engine.decide(ToolCall(tool: "fetch", arguments: ["url": .string(url)]))
            #expect((ruling.decision.name == "allow") == allowed, "\(url)")
        }
    }

    @Test func aFileReadersPathConditionRefusesTraversal() async throws {
        let text = JSONWriter().string(["version": "1", "default": "deny", "tools": ["read_file": ["conditions": .array([ArgumentGuard.path(ArgumentPath("args.path")!).json])]]])
        let engine = PolicyEngine(policy: try CompiledPolicy(text: text), counters: InMemoryCounterStore())
        for (path, allowed) in [("/path/to/allowed/folder/notes.md", true), ("/path/to/allowed/folder/sub/a.txt", true),
                                ("/path/to/allowed/folder/../../../etc/passwd", false), ("/path/to/allowed/folder/..", false),
                                ("/path/to/allowed/folder/%2e%2e/x", false), ("/path/to/allowed/folderx/a", false), ("/etc/passwd", false)] {
            let ruling = await engine.decide(ToolCall(tool: "read_file", arguments: ["path": .string(path)]))
            #expect((ruling.decision.name == "allow") == allowed, "\(path)")
        }
    }
}
