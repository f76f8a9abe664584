import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import JSON
import NIOCore
import ServiceLifecycle
import Store

/// `GET /api/events` (admin): the audit log as Server-Sent Events, for the live pages.
///
/// The audit log is the event source — every decision, approval, pin change and policy change
/// is a row — so the stream is a tail of it (``AuditFilter/afterID``): it works the same when
/// several gateways share one PostgreSQL store, and a client that reconnects with
/// `Last-Event-ID` (or `?after=N`) misses nothing. Each event is one row as `/api/audit` shows
/// it, with the row id as the event id. Without a starting point the stream begins after the
/// newest row. `?kind=tool_call,approval_requested` and `?server=` narrow it.
struct AuditEventStream: Sendable {
    let audit: any AuditStore
    /// How often the log is read for new rows.
    var pollInterval: Duration = .milliseconds(500)
    /// A comment is sent after this long without rows, so proxies keep the stream open and a
    /// gone client is noticed.
    var keepAliveInterval: Duration = .seconds(15)
    /// Rows read per poll.
    var batch = 500
    /// What the polls and keep-alives are timed on (tests pass a clock they advance).
    var clock: any Clock<Duration> = ContinuousClock()

    func stream(_ request: Request) async -> Response {
        let query = request.uri.queryParameters
        let kinds = query["kind"].map { Set($0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }) }
        let server = query["server"].map(String.init)
        let start: Int64
        do {
            start = try await startingPoint(request)
        } catch let error as APIError {
            return error.response
        } catch {
            return APIError.unavailable("the audit log cannot be read", error).response
        }
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache, no-store", MCPHeaders.accelBuffering: "no"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await writer.write(ServerSentEvents.comment("gatehouse audit events after row \(start)"))
            try await tail(after: start, kinds: kinds, server: server) { try await writer.write($0) }
            try await writer.finish(nil)
        })
    }

    /// Writes every new row as an event until the client goes away or the gateway shuts down.
    func tail(after start: Int64, kinds: Set<String>?, server: String?,
                      write: (ByteBuffer) async throws -> Void) async throws {
        var cursor = start
        var quiet = Duration.zero
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let rows = (try? await audit.query(AuditFilter(afterID: cursor, limit: batch, order: .oldestFirst))) ?? []
            for row in rows {
                cursor = max(cursor, row.id ?? cursor)
                if let kinds, !kinds.contains(row.kind.rawValue) { continue }
                if let server, row.server != server { continue }
                try await write(ServerSentEvents.event(ByteBuffer(bytes: JSONWriter().bytes(row.json)), id: String(row.id ?? cursor)))
                quiet = .zero
            }
            if rows.count == batch { continue }
            guard (try? await clock.sleep(for: pollInterval)) != nil else { return }
            quiet += pollInterval
            if quiet >= keepAliveInterval {
                try await write(ServerSentEvents.comment("keep-alive"))
                quiet = .zero
            }
        }
    }

    /// `Last-Event-ID`, else `?after=`, else the newest row now.
    private func startingPoint(_ request: Request) async throws -> Int64 {
        let given = request.headers[MCPHeaders.lastEventID] ?? request.uri.queryParameters["after"].map(String.init)
        if let given {
            guard let id = Int64(given), id >= 0 else { throw APIError.badRequest("after (or Last-Event-ID) must be an audit row id") }
            return id
        }
        return try await audit.query(AuditFilter(limit: 1)).first?.id ?? 0
    }
}
