import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP server on a loopback port whose answers a test scripts, for the wire-level
/// cases a real MCP server will not produce on demand (a 502 from a proxy, a stream cut short,
/// an expired session). It records every request it received.
final class ScriptedHTTPServer: Sendable {
    struct Request: Sendable {
        var method: HTTPMethod
        var headers: HTTPHeaders
        var body: String

        func header(_ name: String) -> String? { headers.first(name: name) }
    }

    struct Response: Sendable {
        var status: HTTPResponseStatus
        var headers: [(String, String)]
        /// Written one after another; an SSE test splits events across chunks this way.
        var chunks: [String]

        static func json(_ body: String, status: HTTPResponseStatus = .ok, headers: [(String, String)] = []) -> Response {
            Response(status: status, headers: [("Content-Type", "application/json")] + headers, chunks: [body])
        }

        static func sse(_ chunks: [String], headers: [(String, String)] = []) -> Response {
            Response(status: .ok, headers: [("Content-Type", "text/event-stream")] + headers, chunks: chunks)
        }

        static func status(_ status: HTTPResponseStatus, contentType: String = "text/plain", body: String = "") -> Response {
            Response(status: status, headers: [("Content-Type", contentType)], chunks: body.isEmpty ? [] : [body])
        }
    }

    private final class RequestLog: Sendable {
        private struct State {
            var requests: [Request] = []
            var watchers: [(enough: @Sendable ([Request]) -> Bool, continuation: CheckedContinuation<[Request], Never>)] = []
        }

        private let state = Mutex(State())

        var requests: [Request] { state.withLock { $0.requests } }

        func append(_ request: Request) {
            let (told, requests) = state.withLock { state in
                state.requests.append(request)
                let requests = state.requests
                let told = state.watchers.filter { $0.enough(requests) }.map(\.continuation)
                state.watchers.removeAll { $0.enough(requests) }
                return (told, state.requests)
            }
            for continuation in told { continuation.resume(returning: requests) }
        }

        func requests(until enough: @escaping @Sendable ([Request]) -> Bool) async -> [Request] {
            await withCheckedContinuation { continuation in
                let requests = state.withLock { state -> [Request]? in
                    if enough(state.requests) { return state.requests }
                    state.watchers.append((enough, continuation))
                    return nil
                }
                if let requests { continuation.resume(returning: requests) }
            }
        }
    }

    let port: Int
    private let channel: any Channel
    private let log: RequestLog

    var url: String { "http://127.0.0.1:\(port)/mcp" }
    var requests: [Request] { log.requests }

    /// Every request so far, once one that `matches` has arrived.
    func requests(once matches: @escaping @Sendable (Request) -> Bool) async -> [Request] {
        await log.requests { $0.contains(where: matches) }
    }

    /// Every request so far, once `count` of them match (a stream reopened so many times).
    func requests(count: Int, where matches: @escaping @Sendable (Request) -> Bool) async -> [Request] {
        await log.requests { $0.filter(matches).count >= count }
    }

    static func start(_ respond: @escaping @Sendable (Request) -> Response) async throws -> ScriptedHTTPServer {
        let log = RequestLog()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler { request in
                        log.append(request)
                        return respond(request)
                    })
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedHTTPServer(port: channel.localAddress!.port!, channel: channel, log: log)
    }

    private init(port: Int, channel: any Channel, log: RequestLog) {
        self.port = port
        self.channel = channel
        self.log = log
    }

    func stop() async {
        try? await channel.close()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let respond: @Sendable (Request) -> Response
        private var head: HTTPRequestHead?
        private var body = ""

        init(respond: @escaping @Sendable (Request) -> Response) {
            self.respond = respond
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = ""
            case .body(let buffer):
                body += String(buffer: buffer)
            case .end:
                guard let head else { return }
                let response = respond(Request(method: head.method, headers: head.headers, body: body))
                var headers = HTTPHeaders(response.headers)
                if response.chunks.isEmpty { headers.replaceOrAdd(name: "Content-Length", value: "0") }
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: response.status, headers: headers))), promise: nil)
                for chunk in response.chunks {
                    context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: chunk)))), promise: nil)
                }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
