import Catalog
import Foundation

/// The wild catalog in ../shared/wild-catalog (2,105 servers, 17,380 tools, no annotations) and
/// its labelled dev set, read at run time — never copied into the repository.
enum WildCatalog {
    static let path = SharedCatalog.repositoryRoot.appendingPathComponent("../shared/wild-catalog").standardized.path
    static let labelsPath = path + "/labels/dev.jsonl"

    static let catalog: Catalog = {
        do {
            return try Catalog.load(from: [path])
        } catch {
            fatalError("cannot load \(path): \(error)")
        }
    }()

    static let labels: [ToolLabel] = {
        guard let data = FileManager.default.contents(atPath: labelsPath) else { fatalError("cannot read \(labelsPath)") }
        do {
            return try ToolLabel.read(jsonLines: String(decoding: data, as: UTF8.self), file: labelsPath)
        } catch {
            fatalError("cannot read \(labelsPath): \(error)")
        }
    }()

    /// Every tool of the wild catalog classified in its server's context, in catalog order.
    static let classified: [(server: CatalogServer, tool: CatalogTool, classification: ToolClassification)] = {
        catalog.servers.flatMap { server in
            zip(server.tools, Classifier.classifyAll(server)).map { (server, $0.0, $0.1) }
        }
    }()
}
