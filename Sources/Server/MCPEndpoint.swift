import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Upstream

/// `POST`, `GET` and `DELETE /mcp/<server>`: MCP's Streamable HTTP transport (2025-11-25, and
/// the 2025-06-18 and 2025-03-26 clients), in front of a ``SessionRegistry``; a 2026-07-28
/// request (its header, or `_meta` without one) takes the sessionless path (``StatelessEndpoint``).
///
/// Every request passes the same gate first: Origin (403), bearer token (401), a configured
/// server (404), a grant covering it (403). Then a POST carries exactly one JSON-RPC message:
/// `initialize` opens a session (429 past the grant's limit) and answers with its
/// `Mcp-Session-Id`; anything else needs that header (400 without it, 404 for an unknown
/// session). A request is answered with JSON when its response comes first, or with an SSE
/// stream when something related comes before it (progress, sampling, a keep-alive).
struct MCPEndpoint: Sendable {
    let routes: [String: UpstreamRoute]
    let disabledServers: Set<String>
    let registry: SessionRegistry
    let authentication: AgentAuthentication
    let origins: OriginCheck
    let maxBodyBytes: Int
    let logger: Logger

    // MARK: Routes

    /// `POST`, `GET` and `DELETE /mcp/<server>`, and 405 for the other methods; for `router.addRoutes(_:)`.
    var collection: RouteCollection<GatehouseRequestContext> {
        let routes = RouteCollection(context: GatehouseRequestContext.self)
        routes.post("/mcp/:server") { request, context in
            await post(request, server: try context.parameters.require("server"))
        }
        routes.get("/mcp/:server") { request, context in
            await get(request, server: try context.parameters.require("server"))
        }
        routes.delete("/mcp/:server") { request, context in
            await delete(request, server: try context.parameters.require("server"))
        }
        for method: HTTPRequest.Method in [.put, .patch] {
            routes.on("/mcp/:server", method: method) { _, _ in
                HTTPErrorReply(.methodNotAllowed, "Method Not Allowed: use POST, GET or DELETE",
                               headers: [.allow: "GET, POST, DELETE"]).response
            }
        }
        return routes
    }

    // MARK: POST

    /// Answers a POST with the agent's trace context bound (``TraceContext``): what it sends
    /// to an HTTP upstream carries the same `traceparent`, `tracestate` and `baggage`.
    func post(_ request: Request, server: String) async -> Response {
        let trace = TraceContext.headers { name in HTTPField.Name(name).flatMap { request.headers[$0] } }
        return await TraceContext.$headers.withValue(trace) { await answerPost(request, server: server) }
    }

    private func answerPost(_ request: Request, server: String) async -> Response {
        do {
            let (agent, route) = try await admit(request, server: server)
            let body = try await readBody(request)
            let accept = AcceptHeader(request.headers[.accept])
            guard accept.json || accept.eventStream else {
                throw HTTPErrorReply(.notAcceptable, "Not Acceptable: Accept must list application/json and text/event-stream")
            }
            let message: JSONRPCMessage
            do {
                message = try JSONRPCMessage.parse(body)
            } catch {
                if case .refused(let problem, _, let method) = error {
                    await registry.recordRefused(problem, method: method, server: server, grant: agent.grant,
                                                 sessionID: request.headers[MCPHeaders.sessionID])
                }
                throw HTTPErrorReply.parse(error)
            }
            if ProtocolVersions.isSessionless(header: request.headers[MCPHeaders.protocolVersion], message: message) {
                return await StatelessEndpoint(gateway: registry.stateless).post(request, message: message, grant: agent.grant, route: route)
            }
            if let problem = versionProblem(request, message: message) {
                await registry.stateless.recordRefused(problem, method: message.method, server: server, grant: agent.grant)
                throw HTTPErrorReply.refusing(problem, id: message.id)
            }
            let sessionID = request.headers[MCPHeaders.sessionID]
            if message.kind == .request, message.method == "initialize", sessionID == nil {
                return try await initialize(message, agent: agent, route: route, acceptsInterim: accept.eventStream)
            }
            let session = try existingSession(sessionID, agent: agent, server: server)
            let reply = await session.receive(message, acceptsInterim: accept.eventStream)
            return await respond(reply, to: message, in: session)
        } catch let reply as HTTPErrorReply {
            return reply.response
        } catch {
            logger.error("unexpected error on POST /mcp/\(server): \(error)")
            return HTTPErrorReply(.internalServerError, code: JSONRPCErrorCode.internalError, "Internal error").response
        }
    }

    /// Opens a session and answers its `initialize` only once the response is known: the
    /// `Mcp-Session-Id` goes out with a successful one only, so a failed initialize hands out no
    /// id for a session that does not exist. Keep-alives are dropped meanwhile; messages the
    /// upstream sends before its answer (a log line) go out ahead of it on an SSE stream.
    private func initialize(_ message: JSONRPCMessage, agent: AgentAuthentication.Agent, route: UpstreamRoute,
                            acceptsInterim: Bool) async throws -> Response {
        let session: GatewaySession
        do {
            session = try registry.open(grant: agent.grant, route: route)
        } catch {
            if case .shuttingDown = error { throw HTTPErrorReply(.serviceUnavailable, "Service Unavailable: \(error)", id: message.id) }
            throw HTTPErrorReply(.tooManyRequests, "Too Many Requests: \(error)", id: message.id)
        }
        var interims: [ByteBuffer] = []
        var response: ByteBuffer?
        if case .stream(let parts) = await session.receive(message, acceptsInterim: acceptsInterim) {
            collecting: for await part in parts {
                switch part {
                case .interim(let bytes): interims.append(bytes)
                case .response(let bytes):
                    response = bytes
                    break collecting
                case .keepAlive: continue
                }
            }
        }
        guard let response, Self.isSuccess(response) else {
            await registry.close(session, reason: "initialize failed", audited: false)
            let answer = response ?? GatewayMessages.error(id: message.id, code: JSONRPCErrorCode.internalError,
                                                           message: "the session ended before the upstream answered initialize")
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: answer))
        }
        await registry.opened(session)
        guard !interims.isEmpty else {
            var headers: HTTPFields = [.contentType: "application/json"]
            headers[MCPHeaders.sessionID] = session.id
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: response))
        }
        let events = (interims + [response]).map { ServerSentEvents.event($0) }
        return Response(status: .ok, headers: Self.eventStreamHeaders(sessionID: session.id), body: ResponseBody { writer in
            for event in events { try await writer.write(event) }
            try await writer.finish(nil)
        })
    }

    // MARK: GET (the standalone stream)

    func get(_ request: Request, server: String) async -> Response {
        do {
            let (agent, _) = try await admit(request, server: server)
            if request.headers[MCPHeaders.protocolVersion] == ProtocolVersions.sessionless { throw StatelessEndpoint.methodNotAllowed }
            guard AcceptHeader(request.headers[.accept]).eventStream else {
                throw HTTPErrorReply(.notAcceptable, "Not Acceptable: the GET stream needs Accept: text/event-stream")
            }
            if let problem = versionProblem(request, message: nil) {
                throw HTTPErrorReply.refusing(problem, id: nil)
            }
            let session = try existingSession(request.headers[MCPHeaders.sessionID], agent: agent, server: server)
            guard let stream = session.openStandaloneStream() else {
                throw HTTPErrorReply(.conflict, "Conflict: this session already has an open GET stream")
            }
            return Response(status: .ok, headers: Self.eventStreamHeaders(sessionID: nil), body: ResponseBody { writer in
                try await writer.write(ServerSentEvents.comment("gatehouse stream open"))
                for await message in stream {
                    try await writer.write(ServerSentEvents.event(message))
                }
                try await writer.finish(nil)
            })
        } catch let reply as HTTPErrorReply {
            return reply.response
        } catch {
            return HTTPErrorReply(.internalServerError, code: JSONRPCErrorCode.internalError, "Internal error").response
        }
    }

    // MARK: DELETE

    func delete(_ request: Request, server: String) async -> Response {
        do {
            let (agent, _) = try await admit(request, server: server)
            if request.headers[MCPHeaders.protocolVersion] == ProtocolVersions.sessionless { throw StatelessEndpoint.methodNotAllowed }
            let session = try existingSession(request.headers[MCPHeaders.sessionID], agent: agent, server: server)
            await registry.close(session, reason: "the agent ended it (DELETE)")
            return Response(status: .ok)
        } catch let reply as HTTPErrorReply {
            return reply.response
        } catch {
            return HTTPErrorReply(.internalServerError, code: JSONRPCErrorCode.internalError, "Internal error").response
        }
    }

    // MARK: The gate

    /// Origin, token, server, grant — in that order.
    private func admit(_ request: Request, server: String) async throws -> (AgentAuthentication.Agent, UpstreamRoute) {
        guard origins.permits(request.headers[.origin]) else {
            throw HTTPErrorReply(.forbidden, "Forbidden: Origin \(request.headers[.origin] ?? "") is not allowed (add it to allowedOrigins)")
        }
        let agent = try await authentication.agent(for: request).get()
        guard let route = routes[server] else {
            if disabledServers.contains(server) {
                throw HTTPErrorReply(.notFound, "Not Found: server '\(server)' is disabled in the configuration")
            }
            throw HTTPErrorReply(.notFound, "Not Found: no server named '\(server)' is configured")
        }
        guard agent.covers(server) else {
            throw HTTPErrorReply(.forbidden, "Forbidden: grant '\(agent.grant)' does not cover server '\(server)'")
        }
        return (agent, route)
    }

    private func readBody(_ request: Request) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            throw tooLarge
        }
        do {
            return try await request.body.collect(upTo: maxBodyBytes)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch {
            throw HTTPErrorReply(.badRequest, "Bad Request: could not read the body (\(error))")
        }
    }

    private var tooLarge: HTTPErrorReply {
        HTTPErrorReply(.contentTooLarge, "Payload Too Large: a message may be at most \(maxBodyBytes) bytes (limits.maxBodyBytes)")
    }

    /// What an initialize-era request's header is refused for: an unknown revision, or a
    /// method of the sessionless revision (`server/discover` is never forwarded into a session).
    private func versionProblem(_ request: Request, message: JSONRPCMessage?) -> StatelessProblem? {
        let header = request.headers[MCPHeaders.protocolVersion]
        if let method = message?.method, ProtocolVersions.isSessionlessOnly(method: method) {
            return .unsupportedVersion(header ?? ProtocolVersions.sessionless)
        }
        return ProtocolVersions.accepts(header: header) ? nil : .unsupportedVersion(header ?? "")
    }

    /// The session named by the header; it must belong to this grant and this server.
    private func existingSession(_ id: String?, agent: AgentAuthentication.Agent, server: String) throws -> GatewaySession {
        guard let id, !id.isEmpty else { throw HTTPErrorReply.missingSession }
        guard let session = registry.session(id: id) else { throw HTTPErrorReply.unknownSession(id, here: registry.replica) }
        guard session.server == server, session.grant == agent.grant else { throw HTTPErrorReply.unknownSession }
        return session
    }

    // MARK: Replies

    /// JSON when the response comes first; otherwise an SSE stream of every part.
    private func respond(_ reply: AgentReply, to message: JSONRPCMessage, in session: GatewaySession) async -> Response {
        guard case .stream(let stream) = reply else { return Response(status: .accepted) }
        let cursor = ReplyCursor(stream)
        let first = await cursor.next()
        if case .response(let bytes) = first {
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: bytes))
        }
        let requestID = message.id
        return Response(status: .ok, headers: Self.eventStreamHeaders(sessionID: nil), body: ResponseBody { writer in
            do {
                var part = first
                while let current = part {
                    try await writer.write(Self.encode(current))
                    if case .response = current { break }
                    part = await cursor.next()
                }
                try await writer.finish(nil)
            } catch {
                if let requestID { await session.abandon(requestID, reason: "the agent disconnected") }
                throw error
            }
        })
    }

    static func encode(_ part: ReplyPart) -> ByteBuffer {
        switch part {
        case .interim(let bytes), .response(let bytes): return ServerSentEvents.event(bytes)
        case .keepAlive: return ServerSentEvents.comment("waiting for the upstream")
        }
    }

    static func eventStreamHeaders(sessionID: String?) -> HTTPFields {
        var headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache, no-store"]
        headers[MCPHeaders.accelBuffering] = "no"
        if let sessionID { headers[MCPHeaders.sessionID] = sessionID }
        return headers
    }

    /// Whether a response is a result (an initialize that failed opens no session).
    static func isSuccess(_ bytes: ByteBuffer) -> Bool {
        (try? JSONRPCMessage.parse(bytes))?.kind == .response
    }
}

/// What an `Accept` header allows: JSON replies, SSE streams, or both (`*/*`, none given).
struct AcceptHeader {
    var json: Bool
    var eventStream: Bool

    init(_ header: String?) {
        // What MCP clients send, on every request: no need to take it apart.
        if header == "application/json, text/event-stream" || header == "text/event-stream, application/json" {
            json = true
            eventStream = true
            return
        }
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else {
            json = true
            eventStream = true
            return
        }
        let types = header.split(separator: ",").map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }
        let any = types.contains("*/*")
        json = any || types.contains("application/json") || types.contains("application/*")
        eventStream = any || types.contains("text/event-stream") || types.contains("text/*")
    }
}
