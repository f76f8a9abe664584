import Catalog
import Gateway
import Hummingbird
import JSON
import Policy

/// `GET /api/servers`, `GET /api/servers/<id>/tools` and `GET /api/servers/<id>/recommended-policy`:
/// what the builder can write policies for. Read-only catalog data: no token needed.
struct ServerEndpoints: Sendable {
    let directory: ServerDirectory
    let registry: SessionRegistry

    /// Every catalog server and configured upstream, with tool counts per risk level.
    func servers() async -> JSONValue {
        let sessions = registry.countsByServer
        var entries: [JSONValue] = []
        for id in directory.ids {
            entries.append(await directory.summary(of: id, sessions: sessions[id] ?? 0))
        }
        return ["servers": .array(entries)]
    }

    /// `?refresh=true` asks a live upstream again instead of reusing its last answer.
    func tools(_ id: String, request: Request) async throws(APIError) -> JSONValue {
        let classified = try await directory.classified(id, refresh: request.uri.queryParameters["refresh"] == "true")
        return [
            "server": .string(id), "name": .string(classified.server.name), "toolsFrom": .string(classified.origin),
            "levels": classified.levelCounts, "tools": classified.toolsJSON,
        ]
    }

    /// The policy `gatehouse recommend` would print, with each rule's one-line summary.
    func recommendedPolicy(_ id: String) async throws(APIError) -> JSONValue {
        let classified = try await directory.classified(id)
        let rules = classified.server.tools.compactMap { tool in
            classified.recommendations[tool.name].map { ["tool": .string($0.key), "summary": .string($0.summary)] as JSONValue }
        }
        return ["server": .string(id), "policy": classified.recommendedPolicy.json, "rules": .array(rules)]
    }
}
