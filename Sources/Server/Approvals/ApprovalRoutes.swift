import Foundation
import Gateway
import Hummingbird
import JSON
import Store

/// `GET /api/approvals` (the calls waiting for a person, oldest first) and
/// `POST /api/approvals/<id>` with `{"decision": "approve" | "deny", "note": "…", "by": "…"}`
/// (the decided request; 404 unknown, 409 already decided). Both need the admin token.
struct ApprovalRoutes: Sendable {
    let approvals: any ApprovalStore
    let audit: any AuditStore
    let authorization: AdminAuthorization

    /// The routes, for `router.addRoutes(_:)`.
    var collection: RouteCollection<GatehouseRequestContext> {
        let routes = RouteCollection(context: GatehouseRequestContext.self)
        let admin = authorization
        routes.get("/api/approvals") { request, _ in
            await BuilderRoutes.answer(admin: admin, request) { () async throws(APIError) in try await pending() }
        }
        routes.post("/api/approvals/:id") { request, context in
            await BuilderRoutes.answer(admin: admin, request) { () async throws(APIError) in
                try await decide(context.parameters.get("id") ?? "", body: try await JSONRequestBody.read(request))
            }
        }
        return routes
    }

    func pending() async throws(APIError) -> JSONValue {
        do {
            return .array(try await approvals.pending().map(\.json))
        } catch {
            throw .unavailable("the approvals queue cannot be read", error)
        }
    }

    func decide(_ id: String, body: JSONRequestBody) async throws(APIError) -> JSONValue {
        try body.allowOnly(["decision", "note", "by"])
        let decision = try body.requiredString("decision")
        guard let verdict = Store.ApprovalVerdict(rawValue: decision) else {
            throw .badRequest("decision must be \"approve\" or \"deny\", not \"\(decision)\"")
        }
        let note = try body.string("note").flatMap { $0.isEmpty ? nil : String($0.prefix(2_000)) }
        let by = try body.string("by").flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } ?? "admin"
        do {
            return try await ApprovalDecision.decide(id: id, verdict: verdict, by: by, note: note, approvals: approvals, audit: audit).json
        } catch StoreError.notFound {
            throw .notFound("no approval request '\(id)'")
        } catch StoreError.conflict(let message) {
            throw APIError(status: .conflict, message: message)
        } catch {
            throw .unavailable("the decision could not be written", error)
        }
    }
}
