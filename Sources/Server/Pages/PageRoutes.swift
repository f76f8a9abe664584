import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import JSON
import NIOCore
import Store

/// The pages for people — `/builder`, `/approvals`, `/dashboard` — and the endpoints only they
/// need: `GET /api/events` (the audit log as live events) and `GET /api/dashboard`.
///
/// The pages are static files the site generator copies from `templates/assets/app/` into
/// the generated site (`public/assets/app/`), so they are restyled like the rest of the site
/// (docs/builder.md). They fetch everything else from `/api/`, and keep the admin token only
/// in the tab's `sessionStorage`.
struct PageRoutes: Sendable {
    static let pages = ["builder", "approvals", "dashboard"]

    let publicFolder: String?
    let audit: any AuditStore
    let registry: SessionRegistry
    let services: BuilderServices?
    let authorization: AdminAuthorization

    func register(on router: Router<GatehouseRequestContext>) {
        for page in Self.pages {
            // The router treats `/builder/` as `/builder`.
            router.get(RouterPath(stringLiteral: "/\(page)")) { _, _ in self.page(page) }
        }
        let events = AuditEventStream(audit: audit)
        let admin = authorization
        router.get("/api/events") { request, _ in
            if let refusal = admin.refusal(request) { return refusal }
            return await events.stream(request)
        }
        guard let services else { return }
        let dashboard = DashboardEndpoint(audit: audit, registry: registry, policies: services.policies, servers: services.directory.configured)
        router.get("/api/dashboard") { request, _ in
            await BuilderRoutes.answer(admin: admin, request) { () async throws(APIError) in
                let minutes = request.uri.queryParameters["minutes"].map { Int($0) ?? -1 } ?? 60
                guard (1...1_440).contains(minutes) else { throw .badRequest("minutes must be a whole number from 1 to 1440") }
                return try await dashboard.summary(minutes: minutes)
            }
        }
    }

    /// The page's HTML under a strict Content-Security-Policy: scripts and styles only from
    /// this origin, no inline script — a second wall should tool text ever slip past escaping.
    func page(_ name: String) -> Response {
        guard let publicFolder,
              let data = FileManager.default.contents(atPath: "\(publicFolder)/assets/app/\(name).html") else {
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(
                string: "The /\(name) page comes with the generated site (public/assets/app/\(name).html), which is missing.\nRun `gatehouse generate`, or `gatehouse serve` without --no-generate, from the folder holding templates/.\n")))
        }
        return Response(status: .ok, headers: Self.pageHeaders, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static let pageHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: "no-cache",
        .contentSecurityPolicy: "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]
}
