import Gateway
import Hummingbird
import JSON
import Store

/// The builder API as a route collection. Read-only catalog, validate and explain endpoints are
/// open; everything that changes state or reads the audit log needs the admin token.
struct BuilderRoutes: Sendable {
    let services: BuilderServices
    let audit: any AuditStore
    let registry: SessionRegistry
    let authorization: AdminAuthorization

    /// The routes, for `router.addRoutes(_:)`.
    var collection: RouteCollection<GatehouseRequestContext> {
        let routes = RouteCollection(context: GatehouseRequestContext.self)
        let servers = ServerEndpoints(directory: services.directory, registry: registry)
        let policies = PolicyEndpoints(directory: services.directory, policies: services.policies, audit: audit)
        let versions = PolicyVersionEndpoints(
            policies: services.policies, versions: services.versions, publisher: services.publisher, directory: services.directory)
        let admin = authorization

        routes.get("/api/servers") { _, _ in JSONResponse.json(await servers.servers()) }
        // A server the catalog lacks is asked for its tools: admin only (it starts the upstream).
        let directory = services.directory
        routes.get("/api/servers/:id/tools") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await Self.answer(admin: directory.listsLive(id) ? admin : nil, request) { () async throws(APIError) in
                try await servers.tools(try Self.id(context), request: request)
            }
        }
        routes.get("/api/servers/:id/recommended-policy") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await Self.answer(admin: directory.listsLive(id) ? admin : nil, request) { () async throws(APIError) in
                try await servers.recommendedPolicy(try Self.id(context))
            }
        }
        routes.get("/api/servers/:id/policy") { _, context in
            await Self.answer { () async throws(APIError) in try await versions.current(try Self.id(context)) }
        }
        routes.put("/api/servers/:id/policy") { request, context in
            await Self.answer(admin: admin, request) { () async throws(APIError) in
                try await versions.apply(try Self.id(context), body: try await JSONRequestBody.read(request))
            }
        }
        routes.get("/api/servers/:id/policy/history") { request, context in
            await Self.answer(admin: admin, request) { () async throws(APIError) in try await versions.history(try Self.id(context)) }
        }
        routes.post("/api/servers/:id/policy/rollback") { request, context in
            await Self.answer(admin: admin, request) { () async throws(APIError) in
                try await versions.rollback(try Self.id(context), body: try await JSONRequestBody.read(request))
            }
        }
        routes.post("/api/policies/validate") { request, _ in
            await Self.answer { () async throws(APIError) in try await policies.validate(try await JSONRequestBody.read(request)) }
        }
        routes.post("/api/policies/explain") { request, _ in
            await Self.answer { () async throws(APIError) in try await policies.explain(try await JSONRequestBody.read(request)) }
        }
        routes.post("/api/policies/simulate") { request, _ in
            await Self.answer(admin: admin, request) { () async throws(APIError) in
                try await policies.simulate(try await JSONRequestBody.read(request))
            }
        }
        return routes
    }

    /// Runs an endpoint, first checking the admin token when `admin` is given; API errors
    /// become their JSON answers.
    static func answer(admin: AdminAuthorization? = nil, _ request: Request? = nil,
                       _ endpoint: () async throws(APIError) -> JSONValue) async -> Response {
        if let admin, let request, let refusal = admin.refusal(request) { return refusal }
        do {
            return JSONResponse.json(try await endpoint())
        } catch {
            return error.response
        }
    }

    static func id(_ context: GatehouseRequestContext) throws(APIError) -> String {
        guard let id = context.parameters.get("id"), !id.isEmpty else { throw .badRequest("missing server id in the path") }
        return id
    }
}
