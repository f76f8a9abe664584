import JSON
import NIOCore

/// Reads a stdio upstream's stderr line by line. Stderr is free-form logging (never an error
/// signal, says the MCP spec): every line goes to the log, never parsed — with its raw control
/// bytes, terminal escapes and bytes that are not UTF-8 made visible (``UntrustedText``).
final class StderrReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    /// Longer stderr lines are dropped with a note rather than buffered.
    static let maximumLineLength = 16 * 1024

    private var splitter = LineSplitter(maximumLineLength: StderrReader.maximumLineLength)
    private let onLine: (String) -> Void
    private let onEnd: () -> Void

    init(onLine: @escaping (String) -> Void, onEnd: @escaping () -> Void) {
        self.onLine = onLine
        self.onEnd = onEnd
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        splitter.append(unwrapInboundIn(data))
        while true {
            do {
                guard let line = try splitter.nextLine() else { return }
                if line.readableBytes > 0 { onLine(UntrustedText.printable(line.readableBytesView)) }
            } catch {
                onLine("[a stderr line over \(error.limit) bytes was dropped]")
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let last = splitter.finish(), last.readableBytes > 0 { onLine(UntrustedText.printable(last.readableBytesView)) }
        onEnd()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
