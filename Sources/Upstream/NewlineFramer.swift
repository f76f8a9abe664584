import NIOCore

/// Frames outgoing messages for stdio: each message is followed by `\n`.
///
/// stdio forbids newlines inside a message. In JSON a raw CR or LF can only be whitespace
/// between tokens (inside strings they must be escaped), so replacing them with spaces keeps
/// the message's meaning; a message that has none (the usual case) is written as is, no copy.
final class NewlineFramer: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let newline: ByteBuffer

    init(allocator: ByteBufferAllocator) {
        newline = allocator.buffer(integer: UInt8(ascii: "\n"))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let message = Self.singleLine(unwrapOutboundIn(data))
        context.write(wrapOutboundOut(message), promise: nil)
        context.write(wrapOutboundOut(newline), promise: promise)
    }

    /// `message` with every CR and LF byte turned into a space.
    static func singleLine(_ message: ByteBuffer) -> ByteBuffer {
        let hasLineBreak = message.withUnsafeReadableBytes { bytes in
            bytes.contains { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        }
        guard hasLineBreak else { return message }
        var copy = message
        copy.withUnsafeMutableReadableBytes { bytes in
            for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") || bytes[index] == UInt8(ascii: "\r") {
                bytes[index] = UInt8(ascii: " ")
            }
        }
        return copy
    }
}
