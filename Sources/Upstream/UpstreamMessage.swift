import NIOCore

/// One JSON-RPC message from an upstream, as the bytes it sent: one JSON object, UTF-8, with no
/// line terminator. The gateway parses only the envelope and forwards these bytes unchanged.
///
/// From HTTP upstreams the bytes are an SSE event's data or a JSON body, so they may contain
/// newlines — only as JSON whitespace, which a stdio writer may turn into spaces.
public struct UpstreamMessage: Sendable {
    public var bytes: ByteBuffer
    /// HTTP upstreams: the id (raw JSON text, e.g. `"gatehouse-1"` or `7`) of our request whose
    /// SSE response carried this message — progress, logging and server-to-client requests that
    /// belong to that request, and the response itself. Nil for stdio and for the GET stream.
    public var relatedRequestID: String?
    /// Set on an error response the transport wrote itself because the upstream gave no answer
    /// of its own; nil for everything the upstream sent.
    public var transportFailure: TransportFailure?

    public init(bytes: ByteBuffer, relatedRequestID: String? = nil, transportFailure: TransportFailure? = nil) {
        self.bytes = bytes
        self.relatedRequestID = relatedRequestID
        self.transportFailure = transportFailure
    }

    /// The bytes as text (for logs and tests; the gateway forwards ``bytes``).
    public var text: String { String(buffer: bytes) }
}
