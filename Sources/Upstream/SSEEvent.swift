import NIOCore

/// One dispatched Server-Sent Event.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field, `message` when the event had none.
    public var type: String
    /// The `data:` lines joined with `\n` (possibly empty: MCP's priming event has no data).
    public var data: ByteBuffer
    /// The last event id seen so far in the stream (ids persist across events), nil if none.
    public var id: String?

    public init(type: String = "message", data: ByteBuffer, id: String? = nil) {
        self.type = type
        self.data = data
        self.id = id
    }

    public var dataText: String { String(buffer: data) }
}
