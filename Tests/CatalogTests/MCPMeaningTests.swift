import Catalog
import JSON
import Testing

/// MCP's four hints as the specification defines them, on tools shaped like the world's:
/// destructive means it may replace or remove what exists (additive tools are not); idempotent
/// means a repeat changes nothing more; open world means the internet, a third-party service,
/// people, a blockchain, shell or code — a local file, database, the machine or computation is closed.
@Suite struct MCPMeaningTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var description: String
        var schema: String = #"{"type": "object"}"#
        var readOnly: Bool
        var destructive: Bool
        var idempotent: Bool
        var openWorld: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "get_weather", description: "Gets the current weather for a city from the weather API.", readOnly: true, destructive: false, idempotent: true, openWorld: true),
        Case(name: "read_file", description: "Reads a file.", schema: #"{"type": "object", "properties": {"path": {"type": "string"}}}"#, readOnly: true, destructive: false, idempotent: true, openWorld: false),
        Case(name: "calculate", description: "Evaluates an arithmetic expression.", readOnly: true, destructive: false, idempotent: true, openWorld: false),
        Case(name: "create_note", description: "Creates a new note.", readOnly: false, destructive: false, idempotent: false, openWorld: true),
        Case(name: "append_log", description: "Appends a line to the log.", readOnly: false, destructive: false, idempotent: false, openWorld: true),
        Case(name: "update_record", description: "Updates a record.", readOnly: false, destructive: true, idempotent: true, openWorld: true),
        Case(name: "rename_file", description: "Renames a local file.", readOnly: false, destructive: true, idempotent: true, openWorld: false),
        Case(name: "delete_event", description: "Deletes a calendar event.", readOnly: false, destructive: true, idempotent: true, openWorld: true),
        Case(name: "close_browser", description: "Closes the browser.", readOnly: false, destructive: true, idempotent: true, openWorld: false),
        Case(name: "cancel_order", description: "Cancels an order.", readOnly: false, destructive: true, idempotent: true, openWorld: true),
        Case(name: "reset_game", description: "Resets the game state.", readOnly: false, destructive: true, idempotent: true, openWorld: false),
        Case(name: "browser_click", description: "Clicks an element on the page.", readOnly: false, destructive: true, idempotent: false, openWorld: true),
        Case(name: "browser_navigate", description: "Navigates to a URL.", schema: #"{"type": "object", "properties": {"url": {"type": "string"}}}"#, readOnly: false, destructive: false, idempotent: true, openWorld: true),
        Case(name: "run_shell", description: "Runs a shell command.", schema: #"{"type": "object", "properties": {"command": {"type": "string"}}}"#, readOnly: false, destructive: true, idempotent: false, openWorld: true),
        Case(name: "execute_query", description: "Executes a SQL query on the MySQL database.", schema: #"{"type": "object", "properties": {"query": {"type": "string"}}}"#, readOnly: false, destructive: true, idempotent: false, openWorld: false),
        Case(name: "send_email", description: "Sends an email.", schema: #"{"type": "object", "properties": {"to": {"type": "string"}}}"#, readOnly: false, destructive: false, idempotent: false, openWorld: true),
        Case(name: "download_file", description: "Downloads a file.", schema: #"{"type": "object", "properties": {"url": {"type": "string"}, "output_path": {"type": "string"}}}"#, readOnly: false, destructive: false, idempotent: false, openWorld: true),
        Case(name: "write_metrics", description: "Inserts data points into the time-series database.", readOnly: false, destructive: false, idempotent: false, openWorld: false),
        Case(name: "export_report", description: "Exports the report.", schema: #"{"type": "object", "properties": {"save_to_file": {"type": "boolean"}}}"#, readOnly: false, destructive: false, idempotent: false, openWorld: true),
        Case(name: "generate_image", description: "Generates an image and saves it.", schema: #"{"type": "object", "properties": {"prompt": {"type": "string"}, "overwrite": {"type": "boolean"}}}"#, readOnly: false, destructive: true, idempotent: false, openWorld: true),
        Case(name: "add", description: "Adds two numbers.", schema: #"{"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}}"#, readOnly: true, destructive: false, idempotent: true, openWorld: false),
        Case(name: "sequential_thinking", description: "A tool for dynamic and reflective problem-solving through thoughts.", readOnly: true, destructive: false, idempotent: true, openWorld: false),
        Case(name: "broadcast_tx", description: "Broadcasts a signed transaction to the blockchain.", readOnly: false, destructive: true, idempotent: false, openWorld: true),
        Case(name: "xpath", description: "Select query XML content using XPath.", schema: #"{"type": "object", "properties": {"xml": {"type": "string"}, "query": {"type": "string"}}}"#, readOnly: true, destructive: false, idempotent: true, openWorld: false),
        Case(name: "vm_query", description: "Query the current value of a time series.", schema: #"{"type": "object", "properties": {"query": {"type": "string", "description": "PromQL expression to evaluate"}}}"#, readOnly: true, destructive: false, idempotent: true, openWorld: false),
        Case(name: "query_metrics", description: "Evaluates a PromQL expression.", schema: #"{"type": "object", "properties": {"query": {"type": "string"}}}"#, readOnly: true, destructive: false, idempotent: true, openWorld: false),
        Case(name: "toggle_logging", description: "Toggles simulated logging notifications.", readOnly: false, destructive: false, idempotent: false, openWorld: false),
        // A public key "for signing" and no secret: it builds an unsigned transaction for its owner to sign.
        Case(name: "transfer_tokens", description: "Transfers tokens to an address on the blockchain.", schema: #"{"type": "object", "properties": {"to": {"type": "string"}, "publicKey": {"type": "string", "description": "The delegator's public key for signing"}}}"#, readOnly: true, destructive: false, idempotent: true, openWorld: true),
        Case(name: "transfer_tokens", description: "Transfers tokens to an address on the blockchain.", schema: #"{"type": "object", "properties": {"to": {"type": "string"}, "publicKey": {"type": "string", "description": "The public key for signing"}, "privateKey": {"type": "string"}}}"#, readOnly: false, destructive: true, idempotent: false, openWorld: true),
        // Writing records that pile up appends; writing a value under a key replaces it.
        Case(name: "metrics_write", description: "Imports exposition-format data.", schema: #"{"type": "object", "properties": {"data": {"type": "string", "description": "Metrics data in Prometheus format"}}, "required": ["data"]}"#, readOnly: false, destructive: false, idempotent: false, openWorld: true),
        Case(name: "kv_write", description: "Writes a value.", schema: #"{"type": "object", "properties": {"key": {"type": "string"}, "data": {"type": "string", "description": "The metrics data"}}, "required": ["key", "data"]}"#, readOnly: false, destructive: true, idempotent: true, openWorld: true),
    ]

    @Test(arguments: cases)
    func judgesTheFourHintsAsTheSpecificationDefinesThem(_ example: Case) throws {
        let tool = CatalogTool(name: example.name, description: example.description, inputSchema: try JSONParser.parse(example.schema))
        let c = Classifier.classify(tool)
        let got = (c.readOnly, c.destructive, c.idempotent, c.openWorld)
        #expect(got == (example.readOnly, example.destructive, example.idempotent, example.openWorld),
                "read-only \(c.hints.readOnly.because); destructive \(c.hints.destructive.because); idempotent \(c.hints.idempotent.because); open world \(c.hints.openWorld.because)")
        #expect(c.suggestedAnnotations == ToolAnnotations(
            readOnlyHint: example.readOnly, destructiveHint: example.destructive, idempotentHint: example.idempotent, openWorldHint: example.openWorld))
    }

    @Test func aServersDescriptionDecidesWhereItsToolsWorkWhenTheToolsSayNothing() {
        let remote = CatalogServer(id: "w", name: "Weather", description: "Real-time weather data from a public API.", tools: [CatalogTool(name: "get_temperature")])
        let local = CatalogServer(id: "m", name: "Monitor", description: "Reads CPU, memory and battery usage of your machine.", tools: [CatalogTool(name: "get_temperature")])
        #expect(Classifier.classifyAll(remote)[0].openWorld)
        #expect(!Classifier.classifyAll(local)[0].openWorld)
        #expect(Classifier.classifyAll(remote)[0].evidence.contains { $0.source == .server })
    }

    @Test func aServerThatHandsOutPromptTemplatesIsClosedWorldThoughItNamesAnAPITopic() {
        let templates = CatalogServer(id: "p", name: "Prompts", description: "Provides preset prompt templates as tools for tasks such as code review and API documentation generation.",
                                      tools: [CatalogTool(name: "code_refactoring")])
        let service = CatalogServer(id: "s", name: "Service", description: "Manages prompts in a hosted cloud API.", tools: [CatalogTool(name: "code_refactoring")])
        #expect(!Classifier.classifyAll(templates)[0].openWorld)
        #expect(Classifier.classifyAll(service)[0].openWorld)
    }
}
