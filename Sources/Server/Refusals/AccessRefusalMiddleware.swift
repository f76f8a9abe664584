import Hummingbird
import HTTPTypes

/// Notes every 401 and 403 answered — on any route, by any check — in the ``AccessRefusalLog``,
/// with the client's address, the path and, for a 403 to a valid token, its grant.
struct AccessRefusalMiddleware: RouterMiddleware {
    typealias Context = GatehouseRequestContext

    let log: AccessRefusalLog
    let authentication: AgentAuthentication

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError where Self.isRefusal(error.status) {
            await note(request, status: error.status, context: context)
            throw error
        }
        if Self.isRefusal(response.status) { await note(request, status: response.status, context: context) }
        return response
    }

    static func isRefusal(_ status: HTTPResponse.Status) -> Bool {
        status == .unauthorized || status == .forbidden
    }

    private func note(_ request: Request, status: HTTPResponse.Status, context: Context) async {
        let hasToken = AgentAuthentication.bearerToken(request.headers[.authorization]) != nil
        // A 401 names no grant (its token matched none); a 403 may be a valid grant's.
        var grant: String?
        if status == .forbidden && hasToken, case .success(let agent) = await authentication.agent(for: request) {
            grant = agent.grant
        }
        let reason: String
        switch (status, hasToken) {
        case (.unauthorized, false): reason = "no bearer token"
        case (.unauthorized, true): reason = "the bearer token was refused"
        default: reason = "forbidden"
        }
        let source = context.remoteAddress.map { $0.ipAddress ?? $0.pathname ?? "\($0)" } ?? "unknown"
        log.note(AccessRefusal(time: log.now, source: source, status: Int(status.code), grant: grant, method: request.method.rawValue,
                               path: AccessRefusal.path(request.uri.path), reason: reason))
    }
}
