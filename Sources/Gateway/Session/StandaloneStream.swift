import NIOCore

/// The session's stream for messages unrelated to any request (the Streamable HTTP GET
/// stream, or stdout for `gatehouse stdio`), with a bounded buffer for when nobody listens.
struct StandaloneStream {
    /// Messages kept while no stream is open; beyond this the oldest are dropped.
    let capacity: Int
    private(set) var buffered: [ByteBuffer] = []
    private(set) var dropped = 0
    private var listener: AsyncStream<ByteBuffer>.Continuation?
    private var listenerID = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    var isOpen: Bool { listener != nil }

    /// Delivers to the open stream, or buffers (dropping the oldest when full).
    mutating func deliver(_ message: ByteBuffer) {
        if let listener {
            listener.yield(message)
            return
        }
        if buffered.count >= capacity {
            buffered.removeFirst()
            dropped += 1
        }
        buffered.append(message)
    }

    /// Opens the stream (nil when one is already open), replaying what was buffered.
    mutating func open() -> (stream: AsyncStream<ByteBuffer>, id: Int)? {
        guard listener == nil else { return nil }
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .bufferingNewest(capacity))
        for message in buffered { continuation.yield(message) }
        buffered.removeAll()
        listener = continuation
        listenerID += 1
        return (stream, listenerID)
    }

    /// Forgets the listener `id` once its consumer went away.
    mutating func detach(_ id: Int) {
        if id == listenerID { listener = nil }
    }

    /// Ends the open stream for good.
    mutating func finish() {
        listener?.finish()
        listener = nil
        buffered.removeAll()
    }
}
