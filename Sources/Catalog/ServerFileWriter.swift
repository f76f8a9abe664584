import JSON

/// Turns an ``ImportedServer`` into the text of its `servers/<id>.json` (format:
/// docs/catalog.md), and checks that text the way the catalog loader will read it.
public enum ServerFileWriter {
    /// The file's JSON: the catalog fields first, then `serverInfo` and `import` (where and when
    /// it was read), then the tools verbatim.
    public static func json(for server: ImportedServer) -> JSONValue {
        var file: JSONObject = ["id": .string(server.id)]
        let info = server.serverInfo
        file["name"] = info["title"].flatMap(nonEmptyString) ?? info["name"].flatMap(nonEmptyString) ?? .string(server.id)
        if let version = info["version"]?.stringValue { file["version"] = .string(version) }
        if let description = info["description"]?.stringValue { file["description"] = .string(description) }
        if let website = info["websiteUrl"]?.stringValue { file["website"] = .string(website) }
        file["transport"] = .string(server.transport)
        file["serverInfo"] = .object(info)
        file["import"] = [
            "by": "gatehouse import", "source": .string(server.source), "protocolVersion": .string(server.protocolVersion),
            "date": .string(server.importedAt),
        ]
        file["tools"] = .array(server.tools)
        return .object(file)
    }

    /// The file's text: pretty JSON and a final newline, stable for the same server.
    public static func text(for server: ImportedServer) -> String {
        JSONWriter(style: .pretty).string(json(for: server)) + "\n"
    }

    /// What the catalog loader would object to in `text` as the file `file` (empty: it loads),
    /// e.g. a server listing two tools with the same name.
    public static func problems(in text: String, file: String, id: String) -> [CatalogProblem] {
        var reader = ServerFileReader(file: file, expectedID: id)
        _ = reader.read(Array(text.utf8))
        return reader.problems
    }

    private static func nonEmptyString(_ value: JSONValue) -> JSONValue? {
        guard let text = value.stringValue, !text.isEmpty else { return nil }
        return .string(text)
    }
}
