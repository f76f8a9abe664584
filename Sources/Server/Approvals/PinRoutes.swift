import Foundation
import Gateway
import Hummingbird
import JSON
import Store

/// `GET /api/pins` (every pinned tool per configured server, with the diff of changed and new
/// ones) and `POST /api/pins/<server>/<tool>/approve` (accepts the observed definition). Admin.
struct PinRoutes: Sendable {
    let pins: PinGuard
    let servers: [String]
    let authorization: AdminAuthorization

    /// The routes, for `router.addRoutes(_:)`.
    var collection: RouteCollection<GatehouseRequestContext> {
        let routes = RouteCollection(context: GatehouseRequestContext.self)
        let admin = authorization
        routes.get("/api/pins") { request, _ in
            await BuilderRoutes.answer(admin: admin, request) { () async throws(APIError) in try await list() }
        }
        routes.post("/api/pins/:server/:tool/approve") { request, context in
            await BuilderRoutes.answer(admin: admin, request) { () async throws(APIError) in
                let body = try await JSONRequestBody.read(request, allowEmpty: true)
                return try await approve(server: context.parameters.get("server") ?? "", tool: context.parameters.get("tool") ?? "",
                                         by: try body.string("by"))
            }
        }
        return routes
    }

    func list() async throws(APIError) -> JSONValue {
        var listed: [JSONValue] = []
        for server in servers {
            do {
                let tools = try await pins.store.pins(server: server)
                listed.append(["server": .string(server), "pinning": .string(pins.mode(of: server).rawValue),
                               "tools": .array(tools.map(\.json))])
            } catch {
                throw .unavailable("the pins of server '\(server)' cannot be read", error)
            }
        }
        return ["servers": .array(listed)]
    }

    func approve(server: String, tool: String, by: String?) async throws(APIError) -> JSONValue {
        guard servers.contains(server) else { throw .notFound("no server named '\(server)' is configured") }
        do {
            return try await pins.approve(server: server, tool: tool, by: by.flatMap { $0.isEmpty ? nil : $0 } ?? "admin").json
        } catch StoreError.notFound(let message) {
            throw .notFound(message)
        } catch StoreError.conflict(let message) {
            throw APIError(status: .conflict, message: message)
        } catch {
            throw .unavailable("the approval could not be written", error)
        }
    }
}
