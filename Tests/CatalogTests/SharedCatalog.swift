import Catalog
import Foundation

/// The real catalog in ../shared/catalog (13 servers, 510 tools), read at run time — never
/// copied into the repository.
enum SharedCatalog {
    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let path = repositoryRoot.appendingPathComponent("../shared/catalog").standardized.path

    static let catalog: Catalog = {
        do {
            return try Catalog.load(from: [path])
        } catch {
            fatalError("cannot load \(path): \(error)")
        }
    }()

    static func server(_ id: String) -> CatalogServer {
        guard let server = catalog.server(id: id) else { fatalError("no server \(id) in \(path)") }
        return server
    }

    static func tool(_ server: String, _ name: String) -> CatalogTool {
        guard let tool = self.server(server).tool(named: name) else { fatalError("no tool \(server)/\(name)") }
        return tool
    }

    /// The classification the catalog shows: the server's annotations weighed as it earns.
    static func classify(_ server: String, _ name: String) -> ToolClassification {
        Classifier.classify(tool(server, name), on: self.server(server))
    }
}
