import NIOCore

/// Reads a stdio upstream's stdout: splits it into lines and hands each to the upstream.
final class StdoutReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var splitter: LineSplitter
    private let onLine: (ByteBuffer) -> Void
    private let onLineTooLong: (Int) -> Void
    private let onEnd: () -> Void

    init(
        maximumLineLength: Int, onLine: @escaping (ByteBuffer) -> Void, onLineTooLong: @escaping (Int) -> Void,
        onEnd: @escaping () -> Void
    ) {
        self.splitter = LineSplitter(maximumLineLength: maximumLineLength)
        self.onLine = onLine
        self.onLineTooLong = onLineTooLong
        self.onEnd = onEnd
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        splitter.append(unwrapInboundIn(data))
        do {
            while let line = try splitter.nextLine() { onLine(line) }
        } catch {
            onLineTooLong(error.limit)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let last = splitter.finish() { onLine(last) }
        onEnd()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A read error on a pipe means the pipe is unusable: close, which ends the connection.
        context.close(promise: nil)
    }
}
