import NIOCore

/// An incremental parser for `text/event-stream` bodies, following the WHATWG HTML standard's
/// "interpreting an event stream": lines end in CRLF, LF or CR (also split across chunks); a
/// blank line dispatches the event; `:` starts a comment; `data` lines are joined with `\n`;
/// `id` persists until changed (and is ignored if it contains NUL); `retry` takes digits only;
/// unknown fields are ignored; a leading BOM is dropped; an event not ended by a blank line when
/// the stream ends is discarded.
///
/// Pure: feed chunks with ``parse(_:)``, which returns the events they complete.
public struct SSEParser: Sendable {
    /// A line or an event's data grew over ``SSEParser/maximumEventSize``.
    public struct EventTooLarge: Error, Sendable, Equatable {
        public var limit: Int

        public init(limit: Int) {
            self.limit = limit
        }
    }

    /// The largest event (its data) and line accepted, in bytes.
    public let maximumEventSize: Int
    /// The last `retry:` value, in milliseconds: how long to wait before reconnecting.
    public private(set) var reconnectionTime: Int?
    /// The last event id (`id:`), what a reconnecting client sends as `Last-Event-ID`.
    public private(set) var lastEventID: String?

    private var partialLine = ByteBuffer()
    private var data = ByteBuffer()
    private var hasData = false
    private var eventType: String?
    /// The previous chunk ended in CR: a LF starting this one belongs to it.
    private var skipLeadingLineFeed = false
    private var atStreamStart = true

    public init(maximumEventSize: Int = 32 << 20) {
        self.maximumEventSize = maximumEventSize
    }

    /// The events completed by `chunk`, in order.
    public mutating func parse(_ chunk: ByteBuffer) throws(EventTooLarge) -> [SSEEvent] {
        var chunk = chunk
        if atStreamStart {
            guard dropByteOrderMark(&chunk) else { return [] }
        }
        if skipLeadingLineFeed, chunk.readableBytes > 0 {
            skipLeadingLineFeed = false
            if chunk.getInteger(at: chunk.readerIndex, as: UInt8.self) == UInt8(ascii: "\n") {
                chunk.moveReaderIndex(forwardBy: 1)
            }
        }
        var events: [SSEEvent] = []
        while let end = Self.indexOfLineEnd(in: chunk) {
            var line = chunk.readSlice(length: end)!
            let terminator = chunk.readInteger(as: UInt8.self)!
            if terminator == UInt8(ascii: "\r") {
                if chunk.readableBytes == 0 {
                    skipLeadingLineFeed = true
                } else if chunk.getInteger(at: chunk.readerIndex, as: UInt8.self) == UInt8(ascii: "\n") {
                    chunk.moveReaderIndex(forwardBy: 1)
                }
            }
            if partialLine.readableBytes > 0 {
                partialLine.writeBuffer(&line)
                line = partialLine
                partialLine = ByteBuffer()
            }
            if let event = try process(line) { events.append(event) }
        }
        if chunk.readableBytes > 0 {
            guard partialLine.readableBytes + chunk.readableBytes <= maximumEventSize else {
                throw EventTooLarge(limit: maximumEventSize)
            }
            partialLine.writeBuffer(&chunk)
        }
        return events
    }

    /// Waits for three bytes to tell whether the stream starts with a UTF-8 BOM; false while
    /// undecided (the bytes are kept).
    private mutating func dropByteOrderMark(_ chunk: inout ByteBuffer) -> Bool {
        partialLine.writeBuffer(&chunk)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let prefix = partialLine.readableBytesView.prefix(3)
        if prefix.elementsEqual(bom.prefix(prefix.count)) && prefix.count < 3 { return false }
        atStreamStart = false
        if prefix.elementsEqual(bom) { partialLine.moveReaderIndex(forwardBy: 3) }
        chunk = partialLine
        partialLine = ByteBuffer()
        return true
    }

    private mutating func process(_ line: ByteBuffer) throws(EventTooLarge) -> SSEEvent? {
        guard line.readableBytes > 0 else { return dispatch() }
        let view = line.readableBytesView
        if view.first == UInt8(ascii: ":") { return nil }
        let colon = view.firstIndex(of: UInt8(ascii: ":"))
        let field = String(decoding: view[view.startIndex..<(colon ?? view.endIndex)], as: UTF8.self)
        var valueStart = colon.map { view.index(after: $0) } ?? view.endIndex
        if valueStart < view.endIndex, view[valueStart] == UInt8(ascii: " ") { valueStart = view.index(after: valueStart) }
        let value = view[valueStart...]
        switch field {
        case "data":
            guard data.readableBytes + value.count + 1 <= maximumEventSize else { throw EventTooLarge(limit: maximumEventSize) }
            if hasData { data.writeInteger(UInt8(ascii: "\n")) }
            data.writeBytes(value)
            hasData = true
        case "event":
            eventType = String(decoding: value, as: UTF8.self)
        case "id" where !value.contains(0):
            lastEventID = String(decoding: value, as: UTF8.self)
        case "retry" where !value.isEmpty && value.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }):
            reconnectionTime = Int(String(decoding: value, as: UTF8.self))
        default:
            break
        }
        return nil
    }

    private mutating func dispatch() -> SSEEvent? {
        defer {
            data = ByteBuffer()
            hasData = false
            eventType = nil
        }
        guard hasData else { return nil }
        let id = lastEventID.flatMap { $0.isEmpty ? nil : $0 }
        return SSEEvent(type: eventType.flatMap { $0.isEmpty ? nil : $0 } ?? "message", data: data, id: id)
    }

    private static func indexOfLineEnd(in buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes in
            bytes.firstIndex { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        }
    }
}
