import Catalog
import JSON
import Testing

/// Tools shaped like those of servers not in ../shared/catalog: the classifier reads words and
/// schemas, so it must get these right without ever having seen them.
@Suite struct UnseenToolTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var description: String
        var schema: String = #"{"type": "object"}"#
        var category: ToolCategory
        var level: RiskLevel? = nil
        var testDescription: String { "\(name) → \(category.rawValue)" }
    }

    static let cases: [Case] = [
        Case(name: "sendEmail", description: "Send an email to a recipient.", category: .communicate, level: .high),
        Case(name: "slack_post_message", description: "Post a message to a channel.", category: .communicate),
        Case(name: "transfer_funds", description: "Transfer money between two bank accounts.",
             schema: #"{"type": "object", "properties": {"amount": {"type": "number"}}, "required": ["amount"]}"#,
             category: .financial, level: .critical),
        Case(name: "run_shell_command", description: "Runs a shell command on the host.",
             schema: #"{"type": "object", "properties": {"command": {"type": "string"}}}"#, category: .execute, level: .critical),
        Case(name: "query", description: "Run a SQL query against the database.",
             schema: #"{"type": "object", "properties": {"sql": {"type": "string"}}}"#, category: .execute, level: .critical),
        Case(name: "query", description: "Run a read-only SQL query.",
             schema: #"{"type": "object", "properties": {"sql": {"type": "string"}}}"#, category: .read),
        Case(name: "browser_navigate", description: "Navigate to a URL.",
             schema: #"{"type": "object", "properties": {"url": {"type": "string"}}}"#, category: .write, level: .medium),
        Case(name: "browser_click", description: "Perform click on a web page.", category: .write),
        Case(name: "drop_table", description: "Drops a table from the database.", category: .destructive),
        Case(name: "terminate_instance", description: "Terminates an EC2 instance.", category: .destructive),
        Case(name: "create_api_key", description: "Creates a new API key for the project.", category: .admin, level: .critical),
        Case(name: "grant_role", description: "Grant a role to a user.", category: .admin, level: .critical),
        Case(name: "s3.putObject", description: "Uploads an object to a bucket.", category: .write),
        Case(name: "tickets-list", description: "", category: .read, level: .medium),
        Case(name: "DeleteManyRecords", description: "", category: .destructive, level: .critical),
        Case(name: "do_it", description: "", category: .write, level: .medium),
    ]

    @Test(arguments: cases)
    func classifiesToolsItHasNeverSeen(_ example: Case) throws {
        let tool = CatalogTool(name: example.name, description: example.description, inputSchema: try JSONParser.parse(example.schema))
        let classification = Classifier.classify(tool)
        #expect(classification.category == example.category, "\(classification.rationale) \(classification.evidence.map(\.text))")
        if let level = example.level { #expect(classification.level == level, "\(classification.rationale)") }
    }
}
