import Foundation
import JSON

/// Every server loaded from one or more catalog folders (`servers/<id>.json` in each).
///
/// PLACEHOLDER: the catalog issue replaces this minimal loader with one that reports every
/// problem (catalog check). Its public shape stays.
public struct Catalog: Sendable {
    public var servers: [CatalogServer]

    public init(servers: [CatalogServer]) {
        self.servers = servers
    }

    public func server(id: String) -> CatalogServer? {
        servers.first { $0.id == id }
    }

    /// Loads every `servers/*.json` under each folder, in id order.
    public static func load(from directories: [String]) throws -> Catalog {
        var servers: [CatalogServer] = []
        for directory in directories {
            let folder = URL(fileURLWithPath: directory).appendingPathComponent("servers")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
            for file in files {
                let path = folder.appendingPathComponent(file).path
                let json = try JSONParser.parse(bytes: try Data(contentsOf: URL(fileURLWithPath: path)))
                let tools = (json["tools"]?.arrayValue ?? []).map { tool in
                    CatalogTool(
                        name: tool["name"]?.stringValue ?? "",
                        title: tool["title"]?.stringValue,
                        description: tool["description"]?.stringValue ?? "",
                        inputSchema: tool["inputSchema"] ?? ["type": "object"],
                        annotations: ToolAnnotations(
                            title: tool["annotations"]?["title"]?.stringValue,
                            readOnlyHint: tool["annotations"]?["readOnlyHint"]?.boolValue,
                            destructiveHint: tool["annotations"]?["destructiveHint"]?.boolValue,
                            idempotentHint: tool["annotations"]?["idempotentHint"]?.boolValue,
                            openWorldHint: tool["annotations"]?["openWorldHint"]?.boolValue))
                }
                servers.append(CatalogServer(
                    id: json["id"]?.stringValue ?? String(file.dropLast(5)),
                    name: json["name"]?.stringValue ?? String(file.dropLast(5)),
                    repository: json["repository"]?.stringValue, commit: json["commit"]?.stringValue,
                    description: json["description"]?.stringValue, transport: json["transport"]?.stringValue,
                    tools: tools, sourcePath: path))
            }
        }
        return Catalog(servers: servers.sorted { $0.id < $1.id })
    }
}
