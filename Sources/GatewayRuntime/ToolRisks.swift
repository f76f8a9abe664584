import Catalog
import JSON
import NIOPosix
import Synchronization

/// The risk level of each upstream tool, classified from the definitions the gateway last saw
/// listed (the catalog's classifier): what approval requests show the person deciding.
///
/// A server is classified when first listed in this process and again when its tools change;
/// classification runs off the event loops and never delays the listing.
final class ToolRisks: Sendable {
    private let levels = Mutex<[String: [String: String]]>([:])

    /// `low`, `medium`, `high` or `critical`; nil for a tool not classified (yet).
    func level(server: String, tool: String) -> String? {
        levels.withLock { $0[server]?[tool] }
    }

    /// Takes in a listing (see ``PinGuard``'s `onListing`).
    func learn(server: String, tools: [JSONValue], changed: Bool) {
        let known = levels.withLock { $0[server] != nil }
        guard changed || !known, !tools.isEmpty else { return }
        Task {
            let classified = (try? await NIOThreadPool.singleton.runIfActive { Self.classify(server: server, tools: tools) })
                ?? Self.classify(server: server, tools: tools)
            levels.withLock { $0[server] = classified }
        }
    }

    static func classify(server: String, tools: [JSONValue]) -> [String: String] {
        let (read, _) = CatalogServer.read(json: ["id": .string(server), "name": .string(server), "tools": .array(tools)],
                                           source: "\(server) tools/list")
        guard let read else { return [:] }
        return Dictionary(zip(read.tools.map(\.name), Classifier.classifyAll(read).map(\.level.rawValue)),
                          uniquingKeysWith: { first, _ in first })
    }
}
