import NIOCore

/// Splits a byte stream into lines: `\n`-terminated, a `\r` before the `\n` dropped.
///
/// Pure and incremental: feed chunks as they arrive with ``append(_:)`` and take complete lines
/// with ``nextLine()``. Lines are slices of the received buffers (no copy when a chunk holds
/// whole lines). A line longer than the limit is never buffered whole: ``nextLine()`` throws
/// once for it and the rest of that line is skipped, so the stream can go on if the caller wants.
public struct LineSplitter: Sendable {
    /// A line was longer than ``LineSplitter/maximumLineLength``; its bytes were dropped.
    public struct LineTooLong: Error, Sendable, Equatable {
        public var limit: Int

        public init(limit: Int) {
            self.limit = limit
        }
    }

    /// The longest line accepted, in bytes, not counting its terminator.
    public let maximumLineLength: Int
    private var buffer = ByteBuffer()
    /// How many buffered bytes are known to hold no `\n`.
    private var scanned = 0
    /// Dropping the rest of an oversized line, up to its `\n`.
    private var discarding = false

    public init(maximumLineLength: Int) {
        precondition(maximumLineLength > 0)
        self.maximumLineLength = maximumLineLength
    }

    /// Bytes received but not yet returned as a line.
    public var bufferedByteCount: Int { buffer.readableBytes }

    public mutating func append(_ chunk: ByteBuffer) {
        if buffer.readableBytes == 0 {
            buffer = chunk
            scanned = 0
        } else {
            var chunk = chunk
            buffer.writeBuffer(&chunk)
        }
    }

    /// The next complete line without its terminator (possibly empty), or nil until more bytes
    /// arrive. Throws ``LineTooLong`` once per oversized line.
    public mutating func nextLine() throws(LineTooLong) -> ByteBuffer? {
        if discarding {
            guard let newline = indexOfNewline(from: 0) else {
                buffer.clear()
                return nil
            }
            buffer.moveReaderIndex(forwardBy: newline + 1)
            discarding = false
            scanned = 0
        }
        guard let newline = indexOfNewline(from: scanned) else {
            scanned = buffer.readableBytes
            if scanned > maximumLineLength {
                buffer.clear()
                scanned = 0
                discarding = true
                throw LineTooLong(limit: maximumLineLength)
            }
            return nil
        }
        scanned = 0
        var line = buffer.readSlice(length: newline)!
        buffer.moveReaderIndex(forwardBy: 1)
        if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == UInt8(ascii: "\r") {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        guard line.readableBytes <= maximumLineLength else { throw LineTooLong(limit: maximumLineLength) }
        return line
    }

    /// At the end of the stream: the last line if it had no terminator (nil if none or if it
    /// was being skipped as oversized).
    public mutating func finish() -> ByteBuffer? {
        defer {
            buffer.clear()
            scanned = 0
            discarding = false
        }
        guard !discarding, buffer.readableBytes > 0 else { return nil }
        return buffer
    }

    /// Offset (from the reader index) of the first `\n` at or after `start`.
    private func indexOfNewline(from start: Int) -> Int? {
        guard start < buffer.readableBytes else { return nil }
        return buffer.withUnsafeReadableBytes { bytes in
            bytes[start...].firstIndex(of: UInt8(ascii: "\n"))
        }
    }
}
