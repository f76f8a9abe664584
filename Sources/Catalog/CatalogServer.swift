import JSON

/// One MCP server in the catalog: what its `tools/list` returns, plus a little metadata.
///
/// Read from `servers/<id>.json` (format: docs/catalog.md). Everything in it is third-party
/// text: names and descriptions must be escaped wherever they are shown.
public struct CatalogServer: Sendable, Equatable {
    /// A safe path segment (`[A-Za-z0-9._-]`), unique across the loaded catalog folders.
    public var id: String
    public var name: String
    /// `owner/name` on GitHub, when known.
    public var repository: String?
    public var commit: String?
    public var description: String?
    /// `stdio` or `http`, as the file says.
    public var transport: String?
    public var tools: [CatalogTool]
    /// The file it was read from (for error messages).
    public var sourcePath: String?

    public init(
        id: String, name: String, repository: String? = nil, commit: String? = nil, description: String? = nil,
        transport: String? = nil, tools: [CatalogTool], sourcePath: String? = nil
    ) {
        self.id = id
        self.name = name
        self.repository = repository
        self.commit = commit
        self.description = description
        self.transport = transport
        self.tools = tools
        self.sourcePath = sourcePath
    }

    public func tool(named name: String) -> CatalogTool? {
        tools.first { $0.name == name }
    }
}

/// One tool's definition, verbatim from the server.
public struct CatalogTool: Sendable, Equatable {
    public var name: String
    public var title: String?
    /// Empty when the server gave none.
    public var description: String
    /// The JSON Schema of the arguments (an object schema).
    public var inputSchema: JSONValue
    public var annotations: ToolAnnotations
    /// Markdown from `servers/<id>/<tool>.md` (e.g. a known incident), shown on the tool's page.
    public var note: String?

    public init(
        name: String, title: String? = nil, description: String = "", inputSchema: JSONValue = ["type": "object"],
        annotations: ToolAnnotations = ToolAnnotations(), note: String? = nil
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.annotations = annotations
        self.note = note
    }
}

/// MCP tool annotations. The specification calls them untrusted hints: the classifier may let
/// them raise a tool's risk, but lower it only where the definition agrees.
public struct ToolAnnotations: Sendable, Equatable {
    public var title: String?
    public var readOnlyHint: Bool?
    public var destructiveHint: Bool?
    public var idempotentHint: Bool?
    public var openWorldHint: Bool?

    public init(
        title: String? = nil, readOnlyHint: Bool? = nil, destructiveHint: Bool? = nil, idempotentHint: Bool? = nil,
        openWorldHint: Bool? = nil
    ) {
        self.title = title
        self.readOnlyHint = readOnlyHint
        self.destructiveHint = destructiveHint
        self.idempotentHint = idempotentHint
        self.openWorldHint = openWorldHint
    }
}
