import JSON

extension CatalogServer {
    /// Reads a server from JSON in the `servers/<id>.json` format (docs/catalog.md) — e.g. a
    /// live upstream's `tools/list` answer wrapped as `{"id", "name", "tools"}` — reporting every
    /// problem with its JSON pointer. `source` names it in those problems.
    public static func read(json: JSONValue, source: String) -> (server: CatalogServer?, problems: [CatalogProblem]) {
        let id = json["id"]?.stringValue ?? ""
        var reader = ServerFileReader(file: source, expectedID: id)
        let server = reader.read(json: json)
        return (server, reader.problems)
    }
}
