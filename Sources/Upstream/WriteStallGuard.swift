import NIOCore

/// Notices a peer that stops reading: when the channel stays unwritable (its outbound buffer
/// over NIO's high-water mark because the pipe is full) for `timeout`, it reports a stall, so a
/// sender is never left waiting forever on a stuck upstream.
final class WriteStallGuard: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let onStall: @Sendable () -> Void
    private var pending: Scheduled<Void>?

    init(timeout: TimeAmount, onStall: @escaping @Sendable () -> Void) {
        self.timeout = timeout
        self.onStall = onStall
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            pending?.cancel()
            pending = nil
        } else if pending == nil {
            let onStall = self.onStall
            let loopBoundSelf = NIOLoopBound(self, eventLoop: context.eventLoop)
            pending = context.eventLoop.scheduleTask(in: timeout) {
                loopBoundSelf.value.pending = nil
                onStall()
            }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        pending?.cancel()
        pending = nil
        context.fireChannelInactive()
    }
}
