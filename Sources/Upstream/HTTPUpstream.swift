import AsyncHTTPClient
import JSON
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// An MCP server reached over Streamable HTTP (MCP 2025-11-25), as a client.
///
/// Every message is its own POST. A request's reply is one JSON object or an SSE stream whose
/// events (progress, logging, server-to-client requests, then the response) are emitted in
/// order, tagged with the request's id. Notifications and responses get 202. After
/// `notifications/initialized` the GET stream is opened for messages unrelated to a request.
/// An HTTP error, an unreachable server or a stream that ends early becomes a JSON-RPC error
/// response for the request, so a caller is never left waiting; a 404 for an established
/// session ends the connection ("session expired").
///
/// The jobs live beside this file: the POST exchange (`HTTPUpstream+Exchange`), resuming a
/// request's cut stream (`+Resume`), the GET stream's reconnect loop (`+GetStream`), the
/// `HTTPClient` it is given (`+Client`). Reconnect pauses wait on the injected `clock`.
///
/// Uses a shared `HTTPClient` that the caller owns (keep-alive connections are reused).
public final class HTTPUpstream: UpstreamConnection {
    public let serverName: String
    public let events: AsyncStream<UpstreamEvent>

    let spec: HTTPServerSpec
    let client: HTTPClient
    let logger: Logger
    /// What reconnect pauses wait on (a test clock in tests).
    let clock: any Clock<Duration>
    private let continuation: AsyncStream<UpstreamEvent>.Continuation
    private let closedPromise: EventLoopPromise<Void>
    let state = Mutex(State())

    /// The largest error body read to explain an HTTP error.
    static let errorBodyLimit = 64 * 1024

    struct State {
        var sessionID: String?
        var protocolVersion: String?
        /// The id of our `initialize` request while its response is awaited.
        var initializeID: JSONValue?
        var tasks: [Int: Task<Void, Never>] = [:]
        var nextTaskKey = 0
        var getStreamOpened = false
        var closing = false
        var closure: UpstreamClosure?
    }

    /// Checks the URL and headers; connects lazily (the first `send`).
    public init(
        _ spec: HTTPServerSpec, client: HTTPClient, logger: Logger, clock: any Clock<Duration> = ContinuousClock()
    ) throws(UpstreamError) {
        try spec.validate()
        self.spec = spec
        self.serverName = spec.name
        self.client = client
        self.logger = logger.forUpstream(spec.name)
        self.clock = clock
        (events, continuation) = AsyncStream.makeStream(of: UpstreamEvent.self, bufferingPolicy: .unbounded)
        closedPromise = client.eventLoopGroup.any().makePromise()
    }

    /// A message on a POST's response stream belongs to that POST's request.
    public var relatesMessagesToRequests: Bool { true }

    /// The session id the server assigned on initialize, if any.
    public var sessionID: String? { state.withLock { $0.sessionID } }
    /// The protocol version the server chose in its initialize result, if seen.
    public var negotiatedProtocolVersion: String? { state.withLock { $0.protocolVersion } }

    // MARK: UpstreamConnection

    /// Requests return as soon as the POST is under way (the reply arrives as events);
    /// notifications and responses return once the server accepted them (202).
    public func send(_ message: ByteBuffer) async throws(UpstreamError) {
        guard let envelope = JSONRPCEnvelope(message) else {
            throw .writeFailed(server: serverName, reason: "not a JSON-RPC message: \(Self.preview(message))")
        }
        let isInitialize = envelope.kind == .request && envelope.method == "initialize"
        let headers = try state.withLock { state throws(UpstreamError) -> HTTPHeaders in
            try Self.checkOpen(state, server: serverName)
            if isInitialize {
                state.initializeID = envelope.id
                state.sessionID = nil
                state.protocolVersion = nil
                state.getStreamOpened = false
            }
            return requestHeaders(state, accept: "application/json, text/event-stream", isPost: true)
        }
        var request = HTTPClientRequest(url: spec.url)
        request.method = .POST
        request.headers = headers
        request.body = .bytes(message)
        let post = request
        switch envelope.kind {
        case .request:
            let id = envelope.id ?? .null
            startTask { await self.exchange(post, id: id, isInitialize: isInitialize) }
        case .notification, .response:
            try await deliver(post, method: envelope.method)
        }
    }

    /// A 2026-07-28 request: no session id, the standard headers from `metadata` (the server
    /// checks them against the body), the caller's trace context; its reply arrives as events.
    public func send(_ message: ByteBuffer, metadata: RequestMetadata) async throws(UpstreamError) {
        guard let envelope = JSONRPCEnvelope(message), envelope.kind == .request else { return try await send(message) }
        var headers = try state.withLock { state throws(UpstreamError) -> HTTPHeaders in
            try Self.checkOpen(state, server: serverName)
            return requestHeaders(nil, accept: "application/json, text/event-stream", isPost: true)
        }
        headers.replaceOrAdd(name: "MCP-Protocol-Version", value: metadata.protocolVersion)
        headers.replaceOrAdd(name: "Mcp-Method", value: metadata.method)
        if let name = metadata.name { headers.replaceOrAdd(name: "Mcp-Name", value: name) }
        for (name, value) in metadata.params { headers.replaceOrAdd(name: name, value: value) }
        var request = HTTPClientRequest(url: spec.url)
        request.method = .POST
        request.headers = headers
        request.body = .bytes(message)
        let post = request
        let id = envelope.id ?? .null
        startTask { await self.exchange(post, id: id, isInitialize: false) }
    }

    /// Cancels what is in flight, DELETEs the session (a 405 or any failure is fine: the
    /// server may not allow it), and emits `.closed`. Idempotent.
    public func close() async {
        let (first, sessionHeaders) = state.withLock { state -> (Bool, HTTPHeaders?) in
            defer { state.closing = true }
            guard !state.closing, state.closure == nil else { return (false, nil) }
            for task in state.tasks.values { task.cancel() }
            return (true, state.sessionID == nil ? nil : requestHeaders(state, accept: "application/json", isPost: false))
        }
        if first {
            if let sessionHeaders { await deleteSession(sessionHeaders) }
            finish(UpstreamClosure(server: serverName, cause: .closedByGatehouse))
        }
        try? await closedPromise.futureResult.get()
    }

    // MARK: Emitting

    func emit(_ bytes: ByteBuffer, _ envelope: JSONRPCEnvelope?, relatedTo idText: String?) {
        if let envelope, envelope.kind == .response { noteInitializeResult(bytes, envelope) }
        continuation.yield(.message(UpstreamMessage(bytes: bytes, relatedRequestID: idText)))
    }

    /// Remembers the protocol version the server chose, for the `MCP-Protocol-Version` header.
    private func noteInitializeResult(_ bytes: ByteBuffer, _ envelope: JSONRPCEnvelope) {
        let isInitializeResponse = state.withLock { state in
            guard let initializeID = state.initializeID, initializeID == envelope.id else { return false }
            state.initializeID = nil
            return true
        }
        guard isInitializeResponse, !envelope.isError else { return }
        let version = (try? JSONParser.parse(bytes: bytes.readableBytesView, duplicateKeys: .lastWins))?["result"]?["protocolVersion"]?.stringValue
        state.withLock { $0.protocolVersion = version }
    }

    /// Emits a JSON-RPC error response for our request `id`.
    func answer(_ id: JSONValue, _ idText: String, _ message: String, failure: TransportFailure) {
        logger.warning("\(message)")
        continuation.yield(.message(UpstreamMessage(bytes: JSONRPCErrorResponse.make(id: id, message: message), relatedRequestID: idText,
                                                    transportFailure: failure)))
    }

    func sessionExpired() {
        finish(UpstreamClosure(server: serverName, cause: .sessionExpired))
    }

    private func finish(_ closure: UpstreamClosure) {
        let tasks = state.withLock { state -> [Task<Void, Never>]? in
            guard state.closure == nil else { return nil }
            state.closure = closure
            defer { state.tasks = [:] }
            return Array(state.tasks.values)
        }
        guard let tasks else { return }
        if closure.cause != .closedByGatehouse { logger.notice("\(closure)") }
        continuation.yield(.closed(closure))
        continuation.finish()
        for task in tasks { task.cancel() }
        closedPromise.succeed(())
    }

    // MARK: Helpers

    /// Runs `body` as a task of the connection's, cancelled when it closes.
    func startTask(_ body: @escaping @Sendable () async -> Void) {
        state.withLock { state in
            guard state.closure == nil, !state.closing else { return }
            state.nextTaskKey += 1
            let key = state.nextTaskKey
            state.tasks[key] = Task {
                await body()
                _ = self.state.withLock { $0.tasks.removeValue(forKey: key) }
            }
        }
    }

    private static func checkOpen(_ state: State, server: String) throws(UpstreamError) {
        if let closure = state.closure { throw .closed(closure) }
        if state.closing { throw .closed(UpstreamClosure(server: server, cause: .closedByGatehouse)) }
    }

    /// The configured headers, `Accept`, and the session's id and revision (`session` nil: none).
    /// A POST also carries the trace context of the agent's request it is sent for.
    func requestHeaders(_ session: State?, accept: String, isPost: Bool) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for (name, value) in spec.headers.sorted(by: { $0.key < $1.key }) { headers.add(name: name, value: value) }
        headers.replaceOrAdd(name: "Accept", value: accept)
        if isPost {
            headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            for (name, value) in TraceContext.headers { headers.replaceOrAdd(name: name, value: value) }
        }
        if let sessionID = session?.sessionID { headers.replaceOrAdd(name: "Mcp-Session-Id", value: sessionID) }
        if let version = session?.protocolVersion { headers.replaceOrAdd(name: "MCP-Protocol-Version", value: version) }
        return headers
    }

    /// A GET of the endpoint with the session's headers (and `Last-Event-ID` to resume after it).
    func streamRequest(resumingAfter lastEventID: String?) -> HTTPClientRequest {
        var headers = state.withLock { requestHeaders($0, accept: "text/event-stream", isPost: false) }
        if let lastEventID, !lastEventID.isEmpty {
            headers.replaceOrAdd(name: "Last-Event-ID", value: lastEventID)
        }
        var request = HTTPClientRequest(url: spec.url)
        request.method = .GET
        request.headers = headers
        return request
    }

    var hasSession: Bool { state.withLock { $0.sessionID != nil } }
    var isClosing: Bool { state.withLock { $0.closing || $0.closure != nil } }

    func responseDeadline() -> NIODeadline {
        .now() + TimeAmount(spec.responseTimeout)
    }
}
