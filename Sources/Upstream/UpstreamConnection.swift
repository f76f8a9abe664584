import NIOCore

/// A live connection to one upstream MCP server (a stdio subprocess or a Streamable HTTP
/// endpoint). Messages cross as raw bytes: callers parse only what they need.
public protocol UpstreamConnection: Sendable {
    /// The server's configured name (for logs and errors).
    var serverName: String { get }
    /// Every message from the upstream, in arrival order, then exactly one `.closed`.
    /// Single consumer: iterate it from one task only.
    var events: AsyncStream<UpstreamEvent> { get }
    /// Sends one JSON-RPC message (a single JSON object). Throws ``UpstreamError`` naming the
    /// server when the connection is closed or the write fails; never waits forever on a peer
    /// that stops reading.
    func send(_ message: ByteBuffer) async throws(UpstreamError)
    /// Sends one 2026-07-28 request outside any session, with what the transport mirrors of it
    /// (``RequestMetadata``). A transport that mirrors nothing just sends it.
    func send(_ message: ByteBuffer, metadata: RequestMetadata) async throws(UpstreamError)
    /// Whether the transport tells which request a message of the server's belongs to
    /// (``UpstreamMessage/relatedRequestID``: HTTP, by the response stream that carried it).
    /// Stdio does not: every message shares one pipe.
    var relatesMessagesToRequests: Bool { get }
    /// Ends the connection (stdio: close stdin, wait, SIGTERM, wait, SIGKILL the process group;
    /// HTTP: DELETE the session) and returns once `.closed` was emitted. Idempotent.
    func close() async
}

extension UpstreamConnection {
    /// Stdio relates nothing: one pipe carries every message.
    public var relatesMessagesToRequests: Bool { false }

    /// Stdio mirrors nothing: the body carries all of it.
    public func send(_ message: ByteBuffer, metadata: RequestMetadata) async throws(UpstreamError) {
        try await send(message)
    }
}
