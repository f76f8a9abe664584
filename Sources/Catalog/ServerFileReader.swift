import JSON

/// Reads one `servers/<id>.json` (format: docs/catalog.md) and reports every problem in it, each
/// with its JSON pointer. Unknown fields are allowed: the format may grow.
struct ServerFileReader: JSONFieldReader {
    let file: String
    /// The id the file name promises (`servers/<id>.json`).
    let expectedID: String
    private(set) var problems: [CatalogProblem] = []

    init(file: String, expectedID: String) {
        self.file = file
        self.expectedID = expectedID
    }

    /// The server, when the file has no problems.
    mutating func read(_ bytes: some Collection<UInt8>) -> CatalogServer? {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes: bytes)
        } catch {
            problem(error.pointer ?? .root, "invalid JSON at line \(error.line), column \(error.column): \(error.message)")
            return nil
        }
        return read(json: json)
    }

    /// The server from parsed JSON in the file's format, when it has no problems.
    mutating func read(json: JSONValue) -> CatalogServer? {
        guard let members = object(json, at: .root, what: "a server file") else { return nil }
        let id = readID(members)
        let name = optionalString(members, "name")
        let details = ["repository", "commit", "description", "transport"].map { optionalString(members, $0) }
        let tools = readTools(members)
        guard problems.isEmpty, let id else { return nil }
        return CatalogServer(
            id: id, name: name ?? id, repository: details[0], commit: details[1], description: details[2], transport: details[3],
            tools: tools, sourcePath: file)
    }

    // MARK: Server fields

    private mutating func readID(_ members: JSONObject) -> String? {
        let pointer = JSONPointer(["id"])
        switch members["id"] {
        case nil:
            problem(.root, "missing required field 'id' (the server's id, the same as the file name without .json)")
        case .string(let id) where !NoteFileName.isSafePathSegment(id):
            problem(pointer, "id '\(id)' is not a safe path segment (use letters, digits, '.', '_' and '-', not starting with '.')")
        case .string(let id) where id != expectedID:
            problem(pointer, "id '\(id)' does not match the file name '\(expectedID).json'")
        case .string(let id):
            return id
        case let other?:
            _ = string(other, at: pointer)
        }
        return nil
    }

    private mutating func optionalString(_ members: JSONObject, _ field: String, at base: JSONPointer = .root) -> String? {
        members[field].flatMap { string($0, at: base.appending(field)) }
    }

    // MARK: Tools

    private mutating func readTools(_ members: JSONObject) -> [CatalogTool] {
        let pointer = JSONPointer(["tools"])
        guard let value = members["tools"] else {
            problem(.root, "missing required field 'tools' (an array of tool definitions, as tools/list returns them)")
            return []
        }
        guard let elements = array(value, at: pointer, of: "tools") else { return [] }
        var firstPointerForName: [String: JSONPointer] = [:]
        var tools: [CatalogTool] = []
        for (index, element) in elements.enumerated() {
            let toolPointer = pointer.appending(index)
            guard let tool = readTool(element, at: toolPointer) else { continue }
            let namePointer = toolPointer.appending("name")
            if let first = firstPointerForName[tool.name] {
                problem(namePointer, "duplicate tool name '\(tool.name)' (first at \(first))")
                continue
            }
            firstPointerForName[tool.name] = namePointer
            tools.append(tool)
        }
        return tools
    }

    private mutating func readTool(_ json: JSONValue, at pointer: JSONPointer) -> CatalogTool? {
        guard let members = object(json, at: pointer, what: "a tool") else { return nil }
        let name: String?
        switch members["name"] {
        case nil:
            problem(pointer, "missing required field 'name'")
            name = nil
        case .string(let text) where text.isEmpty:
            problem(pointer.appending("name"), "a tool name must not be empty")
            name = nil
        case .string(let text):
            name = text
        case let other?:
            name = string(other, at: pointer.appending("name"))
        }
        let title = optionalString(members, "title", at: pointer)
        let description = optionalString(members, "description", at: pointer)
        let schema = readSchema(members["inputSchema"], at: pointer)
        let annotations = readAnnotations(members["annotations"], at: pointer.appending("annotations"))
        guard let name, let schema else { return nil }
        return CatalogTool(name: name, title: title, description: description ?? "", inputSchema: schema, annotations: annotations)
    }

    private mutating func readSchema(_ value: JSONValue?, at toolPointer: JSONPointer) -> JSONValue? {
        let pointer = toolPointer.appending("inputSchema")
        guard let value else {
            problem(toolPointer, "missing required field 'inputSchema' (MCP requires an object schema, at least {\"type\": \"object\"})")
            return nil
        }
        guard let members = object(value, at: pointer, what: "the input schema") else { return nil }
        if let type = members["type"], type != .string("object") {
            problem(pointer.appending("type"), "the input schema must describe an object (\"type\": \"object\"), found \(type)")
            return nil
        }
        if let properties = members["properties"], object(properties, at: pointer.appending("properties"), what: "property names mapped to schemas") == nil {
            return nil
        }
        return value
    }

    private mutating func readAnnotations(_ value: JSONValue?, at pointer: JSONPointer) -> ToolAnnotations {
        guard let value else { return ToolAnnotations() }
        guard let members = object(value, at: pointer, what: "tool annotations") else { return ToolAnnotations() }
        let hints = ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"].map { field in
            members[field].flatMap { bool($0, at: pointer.appending(field)) }
        }
        return ToolAnnotations(
            title: optionalString(members, "title", at: pointer),
            readOnlyHint: hints[0], destructiveHint: hints[1], idempotentHint: hints[2], openWorldHint: hints[3])
    }

    private mutating func problem(_ pointer: JSONPointer, _ message: String) {
        problems.append(CatalogProblem(file: file, at: pointer, message))
    }

    mutating func reportTypeProblem(_ pointer: JSONPointer, _ message: String) {
        problem(pointer, message)
    }
}
