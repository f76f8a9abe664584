import Hummingbird

/// Refuses `/api/*` requests from browser pages on origins the gateway does not allow (the
/// same rule as `/mcp/`): a page elsewhere, or a DNS-rebinding attack, cannot drive the API
/// with a visitor's browser. Requests without `Origin` (curl, scripts) pass; the gateway's
/// own pages send their origin, which is allowed on loopback names and in `allowedOrigins`.
struct APIOriginGuard<Context: RequestContext>: RouterMiddleware {
    let origins: OriginCheck

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/"), !origins.permits(request.headers[.origin]) else {
            return try await next(request, context)
        }
        return JSONResponse.problem(
            .forbidden, "Forbidden: origin \(request.headers[.origin] ?? "") may not call the API; add it to allowedOrigins in gatehouse.json")
    }
}
