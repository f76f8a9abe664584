import Foundation
import Gateway
import Logging
import NIOCore
import Synchronization
import Upstream

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `gatehouse stdio <server>`: one gateway session spoken over this process's stdin and stdout,
/// for MCP clients that can only launch stdio servers. The same enforcement as over HTTP: the
/// session decides every `tools/call`, filters `tools/list` and audits.
///
/// A 2026-07-28 client (a message naming its revision in `_meta`, `server/discover` first) is
/// served by the sessionless path instead, each request answered on its own line, its progress
/// before the answer; a `subscriptions/listen` stream's messages carry its subscription id, and
/// `notifications/cancelled` ends the request or stream it names (``StdioRequests``).
///
/// stdin is read by a blocking reader thread (no polling), split into lines; every answer and
/// every upstream message is written to stdout as one line. EOF on stdin ends the session
/// and its upstream.
public struct StdioFront: Sendable {
    let session: GatewaySession
    let stateless: StatelessGateway?
    let maximumMessageSize: Int
    let logger: Logger
    private let requests = StdioRequests()

    public init(session: GatewaySession, stateless: StatelessGateway? = nil, maximumMessageSize: Int, logger: Logger) {
        self.session = session
        self.stateless = stateless
        self.maximumMessageSize = maximumMessageSize
        self.logger = logger
    }

    public func run() async {
        let output = LineWriter(descriptor: STDOUT_FILENO)
        let input = StdinReader.start()
        var splitter = LineSplitter(maximumLineLength: maximumMessageSize)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await drainStandalone(into: output) }
            reading: for await chunk in input {
                splitter.append(chunk)
                while true {
                    let line: ByteBuffer?
                    do {
                        line = try splitter.nextLine()
                    } catch {
                        output.write(GatewayMessages.error(id: nil, code: JSONRPCErrorCode.invalidRequest,
                                                           message: "Invalid Request: a message is longer than \(maximumMessageSize) bytes"))
                        break reading
                    }
                    guard let line else { break }
                    guard line.readableBytesView.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
                    await handle(line, output: output, group: &group)
                }
            }
            await session.close(reason: "stdin closed")
            group.cancelAll()
        }
    }

    private func handle(_ line: ByteBuffer, output: LineWriter, group: inout TaskGroup<Void>) async {
        let message: JSONRPCMessage
        do {
            message = try JSONRPCMessage.parse(line)
        } catch {
            if case .refused(let problem, _, let method) = error {
                await session.refused(problem, method: method)
                // A request without an id cannot be answered on stdio: dropped, logged and audited.
                if case .missingID = problem { return }
            }
            output.write(GatewayMessages.error(for: error))
            return
        }
        if stateless != nil, message.method == "notifications/cancelled", let id = message.cancelledRequestID, requests.cancel(id) {
            return
        }
        if let stateless, let version = message.metaProtocolVersion {
            // On stdio the body is the transport: its revision must be one the gateway speaks.
            if let problem = ProtocolVersions.bodyProblem(message, transportVersion: version) {
                await stateless.recordRefused(problem, method: message.method, server: session.server, grant: session.grant)
                output.write(GatewayMessages.error(id: message.id, code: problem.code, message: problem.description, data: problem.data))
                return
            }
            group.addTask { [requests, session] in
                guard let id = message.id else {
                    _ = await stateless.handle(message, grant: session.grant, route: session.route)
                    return
                }
                await requests.run(id) {
                    await Self.serve(message, by: stateless, session: session, output: output)
                }
            }
            return
        }
        if let method = message.method, ProtocolVersions.isSessionlessOnly(method: method) {
            output.write(ProtocolVersions.unsupportedError(id: message.id, version: ProtocolVersions.sessionless))
            return
        }
        guard case .stream(let parts) = await session.receive(message, acceptsInterim: true) else { return }
        group.addTask {
            for await part in parts {
                switch part {
                case .interim(let bytes), .response(let bytes): output.write(bytes)
                case .keepAlive: break
                }
            }
        }
    }

    /// One 2026-07-28 request: a listen stream until it is cancelled, or a request answered on
    /// its line after its notifications (stdio has room for them on the one shared channel).
    private static func serve(_ message: JSONRPCMessage, by stateless: StatelessGateway, session: GatewaySession,
                              output: LineWriter) async {
        guard message.method == "subscriptions/listen" else {
            let reply = await stateless.handle(message, grant: session.grant, route: session.route) { output.write($0) }
            if !Task.isCancelled, let body = reply.body { output.write(body) }
            return
        }
        switch await stateless.listen(message, grant: session.grant, route: session.route) {
        case .refused(let reply):
            if let body = reply.body { output.write(body) }
        case .stream(let subscription):
            // Keep-alives are for HTTP intermediaries; a pipe needs none.
            try? await subscription.run(stopping: { false }) { part in
                if case .message(let bytes) = part { output.write(bytes) }
            }
        }
    }

    private func drainStandalone(into output: LineWriter) async {
        guard let stream = session.openStandaloneStream() else { return }
        for await message in stream { output.write(message) }
    }
}

/// Writes whole lines to a file descriptor, one message per line, from any task.
final class LineWriter: Sendable {
    private let descriptor: Int32
    private let lock = Mutex(())

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Writes the message on one line: raw line breaks (only ever whitespace in JSON) are dropped.
    func write(_ message: ByteBuffer) {
        var bytes = Array(message.readableBytesView.lazy.filter { $0 != 0x0A && $0 != 0x0D })
        bytes.append(0x0A)
        lock.withLock { _ in
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }
}

/// Reads stdin on a thread of its own with blocking reads, and hands the chunks over.
enum StdinReader {
    static func start() -> AsyncStream<ByteBuffer> {
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .unbounded)
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(STDIN_FILENO, $0.baseAddress!, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                continuation.yield(ByteBuffer(bytes: buffer[0..<count]))
            }
            continuation.finish()
        }
        thread.name = "gatehouse-stdin"
        thread.start()
        return stream
    }
}
