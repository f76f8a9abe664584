import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import JSON
import NIOCore
import Prometheus
import Store

/// `GET /healthz` (503 while the state store does not answer: a load balancer then stops
/// sending new sessions), `GET /metrics` (Prometheus text) and `GET /api/audit` (the audit log as JSON).
struct AdminRoutes: Sendable {
    let registry: SessionRegistry
    let servers: [String]
    let prometheus: PrometheusCollectorRegistry
    let auditStore: any AuditStore
    /// The gateway's audit log, whose backlog `/healthz` shows (nil: not shown).
    let auditLog: AuditLog?
    let storeHealth: @Sendable () -> StoreHealth
    /// `/api/audit` needs the admin token (closed when none is configured).
    let authorization: AdminAuthorization

    /// The routes, for `router.addRoutes(_:)`.
    var collection: RouteCollection<GatehouseRequestContext> {
        let routes = RouteCollection(context: GatehouseRequestContext.self)
        routes.get("/healthz") { _, _ in await health() }
        routes.get("/metrics") { _, _ in metrics() }
        routes.get("/api/audit") { request, _ in await audit(request) }
        return routes
    }

    func health() async -> Response {
        let store = storeHealth()
        var storeBody: JSONObject = ["kind": .string(store.kind), "status": .string(store.isUp ? "up" : "down")]
        if let since = store.since { storeBody["since"] = .string(Timestamp.string(since)) }
        if let error = store.error { storeBody["error"] = .string(error) }
        var body: JSONObject = ["status": .string(store.isUp ? "ok" : "store unavailable"), "replica": .string(registry.replica.name),
                                "sessions": .int(Int64(registry.count)), "servers": .array(servers.map(JSONValue.string)),
                                "store": .object(storeBody)]
        if let backlog = await auditLog?.backlog {
            body["audit"] = ["queuedRows": .int(Int64(backlog.rows)), "queuedOutcomes": .int(Int64(backlog.outcomes)),
                             "spool": backlog.spool.map(JSONValue.string) ?? .null]
        }
        return Self.json(.object(body), status: store.isUp ? .ok : .serviceUnavailable)
    }

    func metrics() -> Response {
        var buffer: [UInt8] = []
        prometheus.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    /// `GET /api/audit?server=&tool=&grant=&session=&decision=&kind=&since=&until=&after=&limit=`:
    /// rows newest first (oldest first with `after`), as a JSON array.
    func audit(_ request: Request) async -> Response {
        if let refusal = authorization.refusal(request) { return refusal }
        let query = request.uri.queryParameters
        var filter = AuditFilter(limit: min(max(Int(query["limit"].map(String.init) ?? "") ?? 100, 1), 10_000))
        filter.server = query["server"].map(String.init)
        filter.tool = query["tool"].map(String.init)
        filter.grant = query["grant"].map(String.init)
        filter.session = query["session"].map(String.init)
        filter.decision = query["decision"].map(String.init)
        filter.kind = query["kind"].map { AuditKind(String($0)) }
        for (name, apply) in [("since", { (date: Date) in filter.since = date }), ("until", { filter.until = $0 })] {
            guard let text = query[name[...]].map(String.init) else { continue }
            guard let date = AuditFilter.time(from: text) else {
                return Self.problem(.badRequest, "\(name) must be an age (10m, 2h, 7d) or an ISO 8601 time, not '\(text)'")
            }
            apply(date)
        }
        if let after = query["after"] {
            guard let id = Int64(after) else { return Self.problem(.badRequest, "after must be a row id") }
            filter.afterID = id
            filter.order = .oldestFirst
        }
        do {
            let rows = try await auditStore.query(filter)
            return Self.json(.array(rows.map(\.json)))
        } catch {
            return Self.problem(.serviceUnavailable, "the audit log cannot be read: \(error)")
        }
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        JSONResponse.json(value, status: status)
    }

    static func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        JSONResponse.problem(status, message)
    }
}
