import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import JSON
import NIOCore
import Prometheus
import Store

/// `GET /healthz`, `GET /metrics` (Prometheus text) and `GET /api/audit` (the audit log as JSON).
struct AdminRoutes: Sendable {
    let registry: SessionRegistry
    let servers: [String]
    let prometheus: PrometheusCollectorRegistry
    let auditStore: any AuditStore
    /// Required as `Authorization: Bearer <token>` on `/api/*` when set.
    let adminToken: String?
    /// Without an admin token, `/api/*` answers only when the gateway listens on loopback.
    let listensOnLoopback: Bool

    func health() -> Response {
        let body: JSONValue = ["status": "ok", "sessions": .int(Int64(registry.count)),
                               "servers": .array(servers.map(JSONValue.string))]
        return Self.json(body)
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
        if let refusal = checkAdmin(request) { return refusal }
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

    private func checkAdmin(_ request: Request) -> Response? {
        guard let adminToken else {
            return listensOnLoopback ? nil
                : Self.problem(.forbidden, "the admin API is closed: set adminToken in gatehouse.json (or GATEHOUSE_ADMIN_TOKEN)")
        }
        guard let token = AgentAuthentication.bearerToken(request.headers[.authorization]) else {
            return Self.problem(.unauthorized, "send Authorization: Bearer <adminToken>")
        }
        guard Self.constantTimeEquals(token, adminToken) else {
            return Self.problem(.unauthorized, "the admin token is wrong")
        }
        return nil
    }

    /// Compares without stopping at the first difference, so timing tells nothing about the token.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter(style: .pretty).string(value) + "\n")))
    }

    static func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(["error": .string(message)], status: status)
    }
}
