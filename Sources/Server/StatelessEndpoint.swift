import Gateway
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle

/// `/mcp/<server>` for 2026-07-28 agents: a POST carries one request and gets one JSON answer;
/// there is no session (an `Mcp-Session-Id` is ignored, none is minted) and no GET or DELETE.
///
/// The transport's own checks come first — `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name` and
/// a known tool's `Mcp-Param-*` against the body (400, -32020 or -32022, audited) — then
/// ``StatelessGateway`` decides.
struct StatelessEndpoint: Sendable {
    let gateway: StatelessGateway

    func post(_ request: Request, message: JSONRPCMessage, grant: String, route: UpstreamRoute) async -> Response {
        let headers = StatelessHeaders(protocolVersion: request.headers[MCPHeaders.protocolVersion],
                                       method: request.headers[MCPHeaders.method], name: request.headers[MCPHeaders.name])
        let params = AgentParamHeaders(request.headers.lazy.map { (name: $0.name.rawName, value: $0.value) })
        if let problem = headers.problem(with: message)
            ?? gateway.paramHeaderProblem(message, sent: params, grant: grant, route: route) {
            await gateway.recordRefused(problem, method: message.method, server: route.server, grant: grant)
            return HTTPErrorReply.refusing(problem, id: message.id).response
        }
        if message.method == "subscriptions/listen" {
            switch await gateway.listen(message, grant: grant, route: route) {
            case .refused(let reply): return Self.response(reply)
            case .stream(let subscription): return Self.stream(subscription)
            }
        }
        if AcceptHeader(request.headers[.accept]).eventStream {
            // A held call, or one whose agent asked for progress or log messages: an SSE answer, notifications first.
            let held = gateway.waitsForAdmin(message, grant: grant, route: route)
            if held || message.progressToken != nil || message.metaLogLevel != nil {
                return Self.streamed(timing: gateway.streamTiming, waiting: held ? "waiting for a person to approve the call" : "working") {
                    [gateway] interim in await gateway.handle(message, grant: grant, route: route, forwarding: params, interim: interim)
                }
            }
        }
        return Self.response(await gateway.handle(message, grant: grant, route: route, forwarding: params))
    }

    /// A streamed answer: keep-alive comments (`waiting`) and the request's notifications while it
    /// works, then the answer. A failed write (the agent hung up) cancels the request, which
    /// withdraws a held call from the approval desk.
    static func streamed(timing: StreamTiming, waiting: String,
                         _ work: @escaping @Sendable (@escaping StatelessGateway.InterimSink) async -> StatelessGateway.Reply) -> Response {
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache, no-store", MCPHeaders.accelBuffering: "no"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            enum Event: Sendable { case tick, interim(ByteBuffer), reply(StatelessGateway.Reply) }
            let (events, output) = AsyncStream.makeStream(of: Event.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    output.yield(.reply(await work { output.yield(.interim($0)) }))
                    output.finish()
                }
                group.addTask {
                    while (try? await timing.clock.sleep(for: timing.heldKeepAlive)) != nil { output.yield(.tick) }
                }
                defer { group.cancelAll() }
                for await event in events {
                    switch event {
                    case .tick:
                        try await writer.write(ServerSentEvents.comment(waiting))
                    case .interim(let message):
                        try await writer.write(ServerSentEvents.event(message))
                    case .reply(let reply):
                        if let body = reply.body { try await writer.write(ServerSentEvents.event(body)) }
                        return
                    }
                }
            }
            try await writer.finish(nil)
        })
    }

    static func response(_ reply: StatelessGateway.Reply) -> Response {
        guard let body = reply.body else { return Response(status: .accepted) }
        return Response(status: status(reply.status), headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
    }

    /// A listen subscription as Server-Sent Events, until the agent closes it or the gateway stops.
    static func stream(_ subscription: ListenSubscription) -> Response {
        let headers: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache, no-store", MCPHeaders.accelBuffering: "no"]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await subscription.run(stopping: { Task.isShuttingDownGracefully }) { part in
                switch part {
                case .message(let message): try await writer.write(ServerSentEvents.event(message))
                case .keepAlive: try await writer.write(ServerSentEvents.comment("keep-alive"))
                }
            }
            try await writer.finish(nil)
        })
    }

    /// GET and DELETE have no meaning without sessions.
    static let methodNotAllowed = HTTPErrorReply(
        .methodNotAllowed, "Method Not Allowed: at \(ProtocolVersions.sessionless) every message is a POST (there is no session to stream or end)",
        headers: [.allow: "POST"])

    static func status(_ status: StatelessGateway.Status) -> HTTPResponse.Status {
        switch status {
        case .ok: return .ok
        case .accepted: return .accepted
        case .badRequest: return .badRequest
        case .notFound: return .notFound
        }
    }
}
