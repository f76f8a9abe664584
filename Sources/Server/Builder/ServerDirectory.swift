import Catalog
import Foundation
import Gateway
import JSON
import NIOPosix
import Policy
import Synchronization

/// The servers the builder can write policies for: every catalog server and every upstream
/// the gateway is configured with (a configured name equal to a catalog id is one server).
///
/// Catalog servers are classified once, on first use, on NIO's thread pool. A configured
/// server the catalog lacks is asked for its tools (``LiveToolSource``) and the answer is kept
/// for ``liveTTL``.
final class ServerDirectory: Sendable {
    let catalog: Catalog
    let configured: [ServerConfiguration]
    let liveTools: (any LiveToolSource)?
    /// How long a live `tools/list` answer is reused.
    let liveTTL: Duration

    private struct Cached {
        var server: ClassifiedServer
        /// nil: never stale (catalog servers).
        var expires: ContinuousClock.Instant?
    }

    private let cache = Mutex<[String: Cached]>([:])

    init(catalog: Catalog, configured: [ServerConfiguration], liveTools: (any LiveToolSource)?, liveTTL: Duration = .seconds(300)) {
        self.catalog = catalog
        self.configured = configured
        self.liveTools = liveTools
        self.liveTTL = liveTTL
    }

    /// Every server id, catalog and configured, sorted, without repeats.
    var ids: [String] {
        Array(Set(catalog.servers.map(\.id)).union(configured.map(\.name))).sorted()
    }

    func configuration(of id: String) -> ServerConfiguration? {
        configured.first { $0.name == id }
    }

    /// One entry of `GET /api/servers`. Tool counts are null for a live server not listed yet.
    func summary(of id: String, sessions: Int) async -> JSONValue {
        let catalogServer = catalog.server(id: id)
        let configuration = configuration(of: id)
        var classified = cachedServer(id)
        if classified == nil, let catalogServer { classified = await classify(catalogServer) }
        var members = JSONObject()
        members["id"] = .string(id)
        members["name"] = .string(catalogServer?.name ?? id)
        members["description"] = catalogServer?.description.map(JSONValue.string) ?? .null
        members["inCatalog"] = .bool(catalogServer != nil)
        members["configured"] = .bool(configuration != nil)
        members["transport"] = configuration.map { .string($0.transport.name) } ?? catalogServer?.transport.map(JSONValue.string) ?? .null
        members["running"] = .bool(sessions > 0)
        members["sessions"] = .int(Int64(sessions))
        members["toolCount"] = catalogServer.map { .int(Int64($0.tools.count)) } ?? classified.map { .int(Int64($0.server.tools.count)) } ?? .null
        members["levels"] = classified?.levelCounts ?? .null
        members["toolsFrom"] = catalogServer != nil ? "catalog" : configuration != nil ? "live" : .null
        return .object(members)
    }

    /// Whether the server's tools come from asking its upstream (it is configured, not catalogued):
    /// that starts a process or opens a connection, so it takes the admin token.
    func listsLive(_ id: String) -> Bool {
        catalog.server(id: id) == nil && configuration(of: id) != nil
    }

    /// The server's tools, classified: from the catalog, or from the live upstream. With
    /// `mayAskUpstream: false` a live server's last answer is used, and none is an error.
    func classified(_ id: String, refresh: Bool = false, mayAskUpstream: Bool = true) async throws(APIError) -> ClassifiedServer {
        if let catalogServer = catalog.server(id: id) {
            if let cached = cachedServer(id) { return cached }
            return await classify(catalogServer)
        }
        guard configuration(of: id) != nil else {
            throw .notFound("no server '\(id)' in the catalog or the gateway's configuration\(Self.hint(id, ids))")
        }
        if !refresh, let cached = cachedServer(id) { return cached }
        guard mayAskUpstream else { throw .badRequest("the tools of '\(id)' have not been listed yet (GET /api/servers/\(id)/tools lists them)") }
        guard let liveTools else {
            throw APIError(
                status: .notImplemented,
                message: "'\(id)' is configured but not in the catalog, and this build cannot ask a live upstream for its tools; add it to the catalog (servers/\(id).json) or write its policy by hand")
        }
        let listed: [JSONValue]
        do {
            listed = try await liveTools.tools(of: id)
        } catch {
            throw APIError(status: .badGateway, message: "could not list the tools of '\(id)': \(error)")
        }
        let (server, problems) = CatalogServer.read(json: ["id": .string(id), "name": .string(id), "tools": .array(listed)], source: "\(id) tools/list")
        guard let server else {
            throw APIError(status: .badGateway, message: "'\(id)' listed tools the builder cannot read: \(problems.map(\.description).joined(separator: "; "))")
        }
        let classified = await Self.offEventLoops { ClassifiedServer(server, origin: "live") }
        cache.withLock { $0[id] = Cached(server: classified, expires: .now + liveTTL) }
        return classified
    }

    private func cachedServer(_ id: String) -> ClassifiedServer? {
        cache.withLock { cache in
            guard let entry = cache[id] else { return nil }
            if let expires = entry.expires, expires < .now { return nil }
            return entry.server
        }
    }

    private func classify(_ server: CatalogServer) async -> ClassifiedServer {
        let classified = await Self.offEventLoops { ClassifiedServer(server, origin: "catalog") }
        cache.withLock { $0[server.id] = Cached(server: classified, expires: nil) }
        return classified
    }

    /// Classifying a big server takes milliseconds of CPU: done on NIO's thread pool, not on
    /// the event loops every request's tasks run on.
    private static func offEventLoops(_ work: @escaping @Sendable () -> ClassifiedServer) async -> ClassifiedServer {
        (try? await NIOThreadPool.singleton.runIfActive(work)) ?? work()
    }

    static func hint(_ id: String, _ ids: [String]) -> String {
        DidYouMean.hint(for: id, among: ids)
    }
}
