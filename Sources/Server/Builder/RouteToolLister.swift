import JSON
import Logging
import Gateway
import Upstream

/// Lists a configured upstream's tools the way a session reaches it — a fresh connection
/// through the gateway's own route (the same command, environment and folder, or the same
/// URL and headers) — then `initialize`, `tools/list` page by page, and closes it. No policy
/// filters the list: the builder shows every tool, hidden ones included.
public struct RouteToolLister: LiveToolSource {
    let routes: [String: UpstreamRoute]
    /// For the whole listing: start, handshake and every page.
    let timeout: Duration
    let logger: Logger

    public init(routes: [String: UpstreamRoute], timeout: Duration = .seconds(20), logger: Logger) {
        self.routes = routes
        self.timeout = timeout
        self.logger = logger
    }

    public func tools(of server: String) async throws -> [JSONValue] {
        guard let route = routes[server] else { throw UpstreamError.invalidConfiguration(server: server, reason: "not configured") }
        let deadline = ContinuousClock.now + timeout
        let connection = try await route.connect()
        let client = MCPClient(connection: connection, logger: logger)
        return try await withThrowingTaskGroup(of: [JSONValue]?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            group.addTask {
                do {
                    _ = try await client.initialize(clientName: "gatehouse-builder", clientVersion: "1", timeout: max(deadline - .now, .milliseconds(1)))
                    let tools = try await client.listTools(timeout: max(deadline - .now, .milliseconds(1)))
                    await connection.close()
                    return tools
                } catch {
                    await connection.close()
                    throw error
                }
            }
            var tools: [JSONValue] = []
            for try await result in group {
                if let result { tools = result }
            }
            return tools
        }
    }
}
