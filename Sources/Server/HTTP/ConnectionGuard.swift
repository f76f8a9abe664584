import Foundation
import Logging
import NIOCore

/// The first handler of every client connection, below HTTP: it enforces the connection cap
/// and the header, body and idle timeouts (``ConnectionDeadlines``), closing a connection
/// whose deadline passes. ``RequestPhaseObserver``, above the HTTP codec, tells it when a
/// request's header and body have been read and its response written.
///
/// A connection past the cap is answered `503` at once (it never reaches HTTP), its sending
/// side shut, and what it sends read and dropped for up to a second before it is closed — so
/// that its client reads the answer instead of a reset.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    /// How long a refused connection is drained before it is closed.
    static let refusedDrain = TimeAmount.seconds(1)

    private let connections: OpenConnections
    private var deadlines: ConnectionDeadlines
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var state = State.starting
    private var timer: Scheduled<Void>?
    private var timerDeadline: Int64?

    private enum State {
        case starting
        case admitted
        case refused
        case closed
    }

    init(connections: OpenConnections, timeouts: ConnectionDeadlines.Timeouts, logger: Logger) {
        self.connections = connections
        self.deadlines = ConnectionDeadlines(timeouts: timeouts, openedAt: Self.now())
        self.logger = logger
    }

    static func now() -> Int64 {
        Int64(NIODeadline.now().uptimeNanoseconds)
    }

    // MARK: Life

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard case .starting = state else { return }
        guard connections.admit() else { return refuse(context) }
        state = .admitted
        deadlines = ConnectionDeadlines(timeouts: deadlines.timeouts, openedAt: Self.now())
        armTimer()
    }

    private func stop() {
        timer?.cancel()
        timer = nil
        timerDeadline = nil
        if case .admitted = state { connections.release() }
        state = .closed
    }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch state {
        case .refused, .closed:
            return
        case .starting, .admitted:
            if deadlines.phase == .idle {
                deadlines.bytesArrived(at: Self.now())
                armTimer()
            }
            context.fireChannelRead(data)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .refused = state, let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: What the HTTP side reports

    func headReceived() {
        deadlines.headReceived(at: Self.now())
        armTimer()
    }

    func requestEnded() {
        deadlines.requestEnded(at: Self.now())
    }

    func responseEnded() {
        deadlines.responseEnded(at: Self.now())
        armTimer()
    }

    // MARK: The timer

    /// Makes sure a wake-up comes by the current deadline. A later deadline keeps the wake-up
    /// already set, which then looks again: most requests move the deadline without touching
    /// the event loop's timers.
    private func armTimer() {
        guard case .admitted = state, let context, let deadline = deadlines.deadline else { return }
        if let timerDeadline, timerDeadline <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: .uptimeNanoseconds(UInt64(max(deadline, 0)))) { [weak self] in
            self?.timerFired()
        }
    }

    private func timerFired() {
        timer = nil
        timerDeadline = nil
        guard case .admitted = state, let context else { return }
        if deadlines.hasExpired(at: Self.now()) {
            logger.debug("closing a client connection: \(Self.describe(deadlines.phase))",
                         metadata: ["remote": "\(context.channel.remoteAddress.map { "\($0)" } ?? "?")"])
            context.close(promise: nil)
        } else {
            armTimer()
        }
    }

    static func describe(_ phase: ConnectionDeadlines.Phase) -> String {
        switch phase {
        case .readingHead: return "its request header did not arrive in time (limits.headerTimeoutSeconds)"
        case .readingBody: return "its request body did not arrive in time (limits.bodyTimeoutSeconds)"
        case .idle: return "idle (limits.connectionIdleSeconds)"
        case .responding: return "responding"
        }
    }

    // MARK: Past the cap

    private func refuse(_ context: ChannelHandlerContext) {
        state = .refused
        logger.warning("refused a client connection: \(connections.maximum) are open (limits.maxConnections)")
        let body = #"{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Service Unavailable: the gateway has "#
            + "\(connections.maximum)" + #" connections open, its maximum (limits.maxConnections); retry later"}}"#
        let head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Retry-After: 1\r\nConnection: close\r\n\r\n"
        context.writeAndFlush(wrapOutboundOut(.byteBuffer(ByteBuffer(string: head + body))), promise: nil)
        context.close(mode: .output, promise: nil)
        context.eventLoop.assumeIsolated().scheduleTask(in: Self.refusedDrain) { [weak self] in
            self?.context?.close(promise: nil)
        }
    }
}
