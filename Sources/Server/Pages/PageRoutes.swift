import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import JSON
import NIOCore
import SiteGenerator
import Store

/// The pages for people — `/builder`, `/approvals`, `/dashboard` — and the endpoints only they
/// need: `GET /api/events` (the audit log as live events) and `GET /api/dashboard`.
///
/// The pages are static files built into the binary (SwiftPM resources of this target,
/// `Sources/Server/Pages/app/`), served at `/<page>` and their scripts and styles at
/// `/assets/app/`; they use the generated site's `/assets/site.css`. They are not part of the
/// static site, whose readers have no gateway to call (docs/builder.md). They fetch everything
/// else from `/api/`, and keep the admin token only in the tab's `sessionStorage`.
struct PageRoutes: Sendable {
    static let pages = ["builder", "approvals", "dashboard"]

    /// The folder of the pages and their assets (``appFolder``), nil when it is missing.
    let appFolder: String?
    let audit: any AuditStore
    let registry: SessionRegistry
    let services: BuilderServices?
    let authorization: AdminAuthorization

    /// The routes, for `router.addRoutes(_:)`.
    var collection: RouteCollection<GatehouseRequestContext> {
        let routes = RouteCollection(context: GatehouseRequestContext.self)
        for page in Self.pages {
            // The router treats `/builder/` as `/builder`.
            routes.get(RouterPath(stringLiteral: "/\(page)")) { _, _ in self.page(page) }
        }
        let events = AuditEventStream(audit: audit)
        let admin = authorization
        routes.get("/api/events") { request, _ in
            if let refusal = admin.refusal(request) { return refusal }
            return await events.stream(request)
        }
        guard let services else { return routes }
        let dashboard = DashboardEndpoint(audit: audit, registry: registry, policies: services.policies, servers: services.directory.configured)
        routes.get("/api/dashboard") { request, _ in
            await BuilderRoutes.answer(admin: admin, request) { () async throws(APIError) in
                let minutes = request.uri.queryParameters["minutes"].map { Int($0) ?? -1 } ?? 60
                guard (1...1_440).contains(minutes) else { throw .badRequest("minutes must be a whole number from 1 to 1440") }
                return try await dashboard.summary(minutes: minutes)
            }
        }
        return routes
    }

    /// The page's HTML under a strict Content-Security-Policy: scripts and styles only from
    /// this origin, no inline script — a second wall should tool text ever slip past escaping.
    func page(_ name: String) -> Response {
        guard let appFolder, let data = FileManager.default.contents(atPath: "\(appFolder)/\(name).html") else {
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(
                string: "The /\(name) page ships in the folder \(Self.bundle)/app beside the gatehouse binary, which is missing.\nCopy it with the binary.\n")))
        }
        return Response(status: .ok, headers: Self.pageHeaders, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The resources folder the build writes beside the binary.
    static let bundle = "gatehouse_Server.resources"

    /// Where the pages and their assets are at run time, or nil when the folder is missing.
    public static var appFolder: String? { ResourceFolder.find(target: "Server", folder: "app") }

    static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: "no-cache",
        .contentSecurityPolicy: "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]
}
