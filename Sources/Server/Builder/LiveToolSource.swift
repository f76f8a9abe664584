import JSON

/// Lists a configured upstream's tools right now (its `tools/list`, every page), for servers
/// the catalog does not know. Errors are rendered for people as they are.
public protocol LiveToolSource: Sendable {
    func tools(of server: String) async throws -> [JSONValue]
}
