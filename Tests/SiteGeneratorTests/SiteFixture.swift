import Foundation
import JSON
@testable import SiteGenerator

/// Paths, folders and generation helpers shared by the site tests.
enum SiteFixture {
    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sharedCatalog = repositoryRoot.appendingPathComponent("../shared/catalog").standardized.path
    /// The built-in templates and attack patterns, read where they are edited (the binary
    /// carries a copy: ``SiteDefaults``).
    static let defaults = repositoryRoot.appendingPathComponent("Sources/SiteGenerator/Defaults")
    static let templates = defaults.appendingPathComponent("templates").path
    static let patterns = defaults.appendingPathComponent("attack-patterns").path
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// A new empty folder under the system's temporary folder.
    static func temporaryFolder(_ label: String = "site") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-\(label)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func configuration(catalogs: [String], out: String, templates: String = templates) -> SiteGenerator.Configuration {
        SiteGenerator.Configuration(catalogDirectories: catalogs, templatesDirectory: templates, patternsDirectory: patterns, outputDirectory: out)
    }

    @discardableResult
    static func generate(catalogs: [String], out: String, templates: String = templates) async throws -> GenerationSummary {
        try await SiteGenerator(configuration: configuration(catalogs: catalogs, out: out, templates: templates)).generate()
    }

    /// ../shared/catalog generated once per test run with the project's templates; its folder.
    static let sharedSite = Task<URL, Error> {
        let out = temporaryFolder("shared").appendingPathComponent("public")
        try await generate(catalogs: [sharedCatalog], out: out.path)
        return out
    }

    static func read(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    /// Every regular file below `folder`, as paths relative to it, sorted.
    static func files(in folder: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }

    /// Writes a catalog folder holding one server with these tools; returns the folder.
    static func catalog(serverID: String = "hostile", name: String = "Hostile Server", description: String = "A server for tests.",
                        tools: [JSONValue], in folder: URL) throws -> String {
        let catalog = folder.appendingPathComponent("catalog-\(serverID)")
        let servers = catalog.appendingPathComponent("servers")
        try FileManager.default.createDirectory(at: servers, withIntermediateDirectories: true)
        let server: JSONValue = ["id": .string(serverID), "name": .string(name), "description": .string(description), "tools": .array(tools)]
        try Data(JSONWriter(style: .pretty).string(server).utf8).write(to: servers.appendingPathComponent("\(serverID).json"))
        return catalog.path
    }

    /// A new folder with a catalog of one server and two tools (update_record, list_records), and
    /// where its site goes.
    static func twoToolSite(_ label: String) throws -> (catalog: String, out: URL) {
        let folder = temporaryFolder(label)
        let catalog = try catalog(tools: [tool("update_record"), tool("list_records")], in: folder)
        return (catalog, folder.appendingPathComponent("public"))
    }

    static func tool(_ name: String, description: String = "Update one record.", properties: JSONValue = ["id": ["type": "string"]]) -> JSONValue {
        ["name": .string(name), "description": .string(description), "inputSchema": ["type": "object", "properties": properties]]
    }
}
