// Proxy floor: the least an MCP proxy from Streamable HTTP to a stdio upstream can cost on this
// machine with SwiftNIO — a ruler for scripts/bench-gateway, not a product. It does nothing a
// gateway must do besides moving bytes: no token, no policy, no counters, no audit row, no
// Origin or protocol-version checks, no SSE, no timeouts, no error handling to speak of. One
// event-loop thread serves HTTP and every upstream pipe, so a call never changes threads; each
// session (each `initialize`) gets its own upstream process, so JSON-RPC ids pass unchanged.
//
//   bench-proxy-floor PORT COMMAND [ARG...]
//
// Gatehouse's CPU per call minus this one's, in the same run, is what policing a call costs.
import Foundation
import JSON
import NIOCore
import NIOHTTP1
import NIOPosix
import Upstream

/// The two members the floor reads: the id (as its JSON text) and whether this is `initialize`
/// (Gatehouse's `JSONRPCMessage` checks the whole envelope; the floor reads only what it routes by).
struct Envelope {
    var id: String?
    var isInitialize = false

    init(_ buffer: ByteBuffer) {
        var id: String?
        var isInitialize = false
        buffer.withUnsafeReadableBytes { raw in
            var scanner = JSONScanner(raw)
            scanner.skipWhitespace()
            try? scanner.forEachMember { (s: inout JSONScanner, key: Range<Int>) throws(JSONScanner.Failure) in
                let value = try s.valueRange(depth: 1)
                if s.stringEquals(key, "id") {
                    id = String(decoding: UnsafeRawBufferPointer(rebasing: raw[value]), as: UTF8.self)
                } else if s.stringEquals(key, "method") {
                    isInitialize = s.stringValue(at: value) == "initialize"
                }
            }
        }
        self.id = id
        self.isInitialize = isInitialize
    }
}

/// One session's upstream process and the HTTP requests waiting for its answers, by id.
/// Touched only on the one event loop (hence unchecked).
final class UpstreamSession: @unchecked Sendable {
    let process: Process
    var pipe: Channel?
    var waiting: [String: (ByteBuffer) -> Void] = [:]

    init(process: Process) { self.process = process }

    func send(_ message: ByteBuffer) {
        var line = message
        line.writeInteger(UInt8(ascii: "\n"))
        pipe?.writeAndFlush(line, promise: nil)
    }
}

/// Splits the upstream's stdout into lines (with Gatehouse's own ``LineSplitter``) and hands
/// each response to whoever waits for it.
final class UpstreamReader: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    let session: UpstreamSession
    private var lines = LineSplitter(maximumLineLength: 4 << 20)

    init(session: UpstreamSession) { self.session = session }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lines.append(unwrapInboundIn(data))
        while true {
            let line: ByteBuffer?
            do { line = try lines.nextLine() } catch { continue }  // an oversized line is skipped
            guard let line else { return }
            if let id = Envelope(line).id, let reply = session.waiting.removeValue(forKey: id) {
                reply(line)
            }
        }
    }
}

/// Every session; touched only on the one event loop.
final class Sessions: @unchecked Sendable {
    let command: [String]
    var byID: [String: UpstreamSession] = [:]
    var opened = 0

    init(command: [String]) { self.command = command }

    func open(on loop: any EventLoop) -> EventLoopFuture<(String, UpstreamSession)> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let toChild = Pipe(), fromChild = Pipe()
        process.standardInput = toChild
        process.standardOutput = fromChild
        do { try process.run() } catch { return loop.makeFailedFuture(error) }
        let session = UpstreamSession(process: process)
        opened += 1
        let id = "floor-\(opened)"
        // NIO owns copies of the two descriptors; closing the originals lets the child see
        // end-of-file (and exit) when the session's pipe channel is closed.
        let input = dup(fromChild.fileHandleForReading.fileDescriptor), output = dup(toChild.fileHandleForWriting.fileDescriptor)
        try? fromChild.fileHandleForReading.close()
        try? toChild.fileHandleForWriting.close()
        return NIOPipeBootstrap(group: loop)
            .channelInitializer { $0.pipeline.addHandler(UpstreamReader(session: session)) }
            .takingOwnershipOfDescriptors(input: input, output: output)
            .map { channel in
                session.pipe = channel
                self.byID[id] = session
                return (id, session)
            }
    }

    func close(_ id: String) {
        byID.removeValue(forKey: id)?.pipe?.close(promise: nil)
    }
}

/// POST forwards one message (and answers with the upstream's response); DELETE ends a session.
final class FloorHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let sessions: Sessions
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(sessions: Sessions) { self.sessions = sessions }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.clear()
        case .body(var bytes):
            body.writeBuffer(&bytes)
        case .end:
            if let head { handle(head, context: context) }
        }
    }

    private func handle(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let sessionID = head.headers["mcp-session-id"].first
        if head.method == .DELETE {
            if let sessionID { sessions.close(sessionID) }
            return reply(.ok, context: context)
        }
        let envelope = Envelope(body)
        let message = body
        let context = NIOLoopBound(context, eventLoop: context.eventLoop)
        if envelope.isInitialize, let id = envelope.id {
            sessions.open(on: context.eventLoop).whenComplete { opened in
                guard case .success(let (sessionID, session)) = opened else { return self.reply(.badGateway, context: context.value) }
                session.waiting[id] = { self.reply(.ok, body: $0, sessionID: sessionID, context: context.value) }
                session.send(message)
            }
            return
        }
        guard let sessionID, let session = sessions.byID[sessionID] else { return reply(.notFound, context: context.value) }
        guard let id = envelope.id else {
            session.send(message)
            return reply(.accepted, context: context.value)
        }
        session.waiting[id] = { self.reply(.ok, body: $0, context: context.value) }
        session.send(message)
    }

    private func reply(_ status: HTTPResponseStatus, body: ByteBuffer? = nil, sessionID: String? = nil, context: ChannelHandlerContext) {
        var headers: HTTPHeaders = ["content-length": "\(body?.readableBytes ?? 0)"]
        if body != nil { headers.add(name: "content-type", value: "application/json") }
        if let sessionID { headers.add(name: "mcp-session-id", value: sessionID) }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3, let port = Int(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: bench-proxy-floor PORT COMMAND [ARG...]\n".utf8))
    exit(2)
}
let sessions = Sessions(command: Array(arguments.dropFirst(2)))
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let server = try ServerBootstrap(group: group)
    .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
    .childChannelInitializer { channel in
        channel.pipeline.configureHTTPServerPipeline().flatMap { channel.pipeline.addHandler(FloorHandler(sessions: sessions)) }
    }
    .bind(host: "127.0.0.1", port: port)
    .wait()
try server.closeFuture.wait()
