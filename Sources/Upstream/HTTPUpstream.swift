import AsyncHTTPClient
import JSON
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

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
/// Uses a shared `HTTPClient` that the caller owns (keep-alive connections are reused).
public final class HTTPUpstream: UpstreamConnection {
    public let serverName: String
    public let events: AsyncStream<UpstreamEvent>

    private let spec: HTTPServerSpec
    private let client: HTTPClient
    private let logger: Logger
    private let continuation: AsyncStream<UpstreamEvent>.Continuation
    private let closedPromise: EventLoopPromise<Void>
    private let state = Mutex(State())

    /// The largest error body read to explain an HTTP error.
    private static let errorBodyLimit = 64 * 1024
    private static let defaultReconnectDelay = Duration.seconds(1)
    /// A GET stream that stayed open this long was healthy, even if it brought nothing.
    private static let healthyStreamDuration = Duration.seconds(30)
    private static let deleteTimeout = TimeAmount.seconds(5)

    private struct State {
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
    public init(_ spec: HTTPServerSpec, client: HTTPClient, logger: Logger) throws(UpstreamError) {
        let lowercasedURL = spec.url.lowercased()
        guard lowercasedURL.hasPrefix("http://") || lowercasedURL.hasPrefix("https://") else {
            throw .invalidConfiguration(server: spec.name, reason: "url '\(spec.url)' must start with http:// or https://")
        }
        for (name, value) in spec.headers {
            guard HTTPToken.isValid(name) else {
                throw .invalidConfiguration(server: spec.name, reason: "header name '\(name)' is not a valid HTTP header name")
            }
            guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw .invalidConfiguration(server: spec.name, reason: "the value of header '\(name)' contains a line break")
            }
        }
        self.spec = spec
        self.serverName = spec.name
        self.client = client
        self.logger = logger.forUpstream(spec.name)
        (events, continuation) = AsyncStream.makeStream(of: UpstreamEvent.self, bufferingPolicy: .unbounded)
        closedPromise = client.eventLoopGroup.any().makePromise()
    }

    /// An `HTTPClient` suited to MCP upstreams, for the caller to own (and shut down):
    /// - an unreachable server fails the request at once instead of being retried until the
    ///   response deadline (AsyncHTTPClient's default), so the agent hears about it in time;
    /// - many connections per host, since every open SSE stream holds one;
    /// - no redirects: a redirect elsewhere would carry the configured headers (credentials)
    ///   to another host, so a 3xx is reported instead and the URL should be fixed.
    public static func makeHTTPClient(
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, connectTimeout: Duration = .seconds(10)
    ) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 1024
        configuration.timeout.connect = TimeAmount(connectTimeout)
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration)
    }

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
            if let closure = state.closure { throw .closed(closure) }
            if state.closing { throw .closed(UpstreamClosure(server: spec.name, cause: .closedByGatehouse)) }
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

    // MARK: Requests

    /// POSTs a request and emits its reply; on any failure emits an error response instead.
    private func exchange(_ request: HTTPClientRequest, id: JSONValue, isInitialize: Bool) async {
        let idText = JSONWriter().string(id)
        do {
            let response = try await client.execute(request, deadline: responseDeadline())
            if isInitialize, let session = response.headers.first(name: "Mcp-Session-Id") {
                state.withLock { $0.sessionID = session }
            }
            if response.status == .notFound, !isInitialize, hasSession {
                sessionExpired()
                return
            }
            guard (200..<300).contains(response.status.code) else {
                await answerHTTPError(response, id: id, idText: idText)
                return
            }
            switch Self.contentType(response.headers) {
            case "text/event-stream":
                var parser = SSEParser(maximumEventSize: spec.maximumMessageSize)
                let received = try await readEvents(response.body, parser: &parser, relatedTo: idText, awaiting: id)
                if !received.answered {
                    await resumeOrGiveUp(parser: &parser, id: id, idText: idText)
                }
            case "application/json":
                let body = try await response.body.collect(upTo: spec.maximumMessageSize)
                guard let envelope = JSONRPCEnvelope(body) else {
                    answer(id, idText, "upstream \(serverName) answered HTTP \(response.status.code) with a body that is not a JSON-RPC message: \(Self.preview(body))",
                           failure: .outcomeUnknown)
                    return
                }
                emit(body, envelope, relatedTo: idText)
            case let other:
                answer(id, idText, "upstream \(serverName) answered a request with HTTP \(response.status.code) and Content-Type '\(other ?? "none")' (want application/json or text/event-stream)",
                       failure: .outcomeUnknown)
            }
        } catch {
            guard !isClosing else { return }
            answer(id, idText, "upstream \(serverName) request failed: \(Self.describe(error))", failure: Self.failure(error))
        }
    }

    /// A POSTed SSE stream ended before the response: if the server gave event ids it expects
    /// us to resume with GET and `Last-Event-ID` (MCP 2025-11-25 polling); otherwise fail the request.
    private func resumeOrGiveUp(parser: inout SSEParser, id: JSONValue, idText: String) async {
        var attempts = 0
        while let lastEventID = parser.lastEventID, !lastEventID.isEmpty, attempts < spec.maximumReconnectAttempts {
            attempts += 1
            do {
                try await Task.sleep(for: reconnectDelay(parser))
                var headers = state.withLock { requestHeaders($0, accept: "text/event-stream", isPost: false) }
                headers.replaceOrAdd(name: "Last-Event-ID", value: lastEventID)
                var request = HTTPClientRequest(url: spec.url)
                request.method = .GET
                request.headers = headers
                let response = try await client.execute(request, deadline: responseDeadline())
                if response.status == .notFound, hasSession {
                    sessionExpired()
                    return
                }
                guard response.status == .ok, Self.contentType(response.headers) == "text/event-stream" else {
                    _ = try? await response.body.collect(upTo: Self.errorBodyLimit)
                    continue
                }
                let received = try await readEvents(response.body, parser: &parser, relatedTo: idText, awaiting: id)
                if received.answered { return }
                if received.count > 0 { attempts = 0 }
            } catch {
                if isClosing { return }
            }
        }
        answer(id, idText, "upstream \(serverName) closed the response stream before answering", failure: .outcomeUnknown)
    }

    /// Emits the messages of an SSE body; reports how many and whether the response to
    /// `awaiting` was among them.
    private func readEvents(
        _ body: HTTPClientResponse.Body, parser: inout SSEParser, relatedTo idText: String?, awaiting id: JSONValue?
    ) async throws -> (count: Int, answered: Bool) {
        var count = 0
        var answered = false
        for try await chunk in body {
            for event in try parser.parse(chunk) where event.data.readableBytes > 0 {
                guard event.type == "message", let envelope = JSONRPCEnvelope(event.data) else {
                    logger.warning("skipped an SSE event that is not a JSON-RPC message", metadata: ["event": "\(event.type)"])
                    continue
                }
                count += 1
                emit(event.data, envelope, relatedTo: idText)
                if envelope.kind == .response, let id, envelope.id == id { answered = true }
            }
        }
        return (count, answered)
    }

    /// Passes the upstream's JSON-RPC error through (with our id), or writes one naming the status.
    private func answerHTTPError(_ response: HTTPClientResponse, id: JSONValue, idText: String) async {
        let body = (try? await response.body.collect(upTo: Self.errorBodyLimit)) ?? ByteBuffer()
        if let passed = JSONRPCErrorResponse.passingThrough(body, id: id) {
            emit(passed, JSONRPCEnvelope(passed), relatedTo: idText)
            return
        }
        let detail = body.readableBytes == 0 ? "" : ": \(Self.preview(body))"
        // A 4xx turns the request away unread; after a 5xx nobody can tell what the server did.
        answer(id, idText, "upstream \(serverName) answered HTTP \(response.status.code) \(response.status.reasonPhrase)\(detail)",
               failure: (400..<500).contains(response.status.code) ? .notActedOn : .outcomeUnknown)
    }

    // MARK: Notifications and responses

    private func deliver(_ request: HTTPClientRequest, method: String?) async throws(UpstreamError) {
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: responseDeadline())
            if (200..<300).contains(response.status.code) {
                for try await _ in response.body {}
            }
        } catch {
            if let closure = state.withLock({ $0.closure }) { throw .closed(closure) }
            throw .writeFailed(server: serverName, reason: Self.describe(error))
        }
        if response.status == .notFound, hasSession {
            sessionExpired()
            throw .closed(state.withLock { $0.closure } ?? UpstreamClosure(server: serverName, cause: .sessionExpired))
        }
        guard (200..<300).contains(response.status.code) else {
            let body = (try? await response.body.collect(upTo: Self.errorBodyLimit)) ?? ByteBuffer()
            throw .writeFailed(server: serverName, reason: "HTTP \(response.status.code) \(response.status.reasonPhrase): \(Self.preview(body))")
        }
        if method == "notifications/initialized" { openGetStream() }
    }

    // MARK: The GET stream

    private func openGetStream() {
        let first = state.withLock { state in
            defer { state.getStreamOpened = true }
            return !state.getStreamOpened && state.sessionID != nil
        }
        guard first else { return }
        startTask { await self.runGetStream() }
    }

    /// Reads the server's stream of messages unrelated to a request, reconnecting when it drops
    /// (with `Last-Event-ID` when events had ids) until it keeps failing.
    private func runGetStream() async {
        var parser = SSEParser(maximumEventSize: spec.maximumMessageSize)
        var failures = 0
        let clock = ContinuousClock()
        while !Task.isCancelled, !isClosing {
            let opened = clock.now
            var received = 0
            do {
                var headers = state.withLock { requestHeaders($0, accept: "text/event-stream", isPost: false) }
                if let lastEventID = parser.lastEventID, !lastEventID.isEmpty {
                    headers.replaceOrAdd(name: "Last-Event-ID", value: lastEventID)
                }
                var request = HTTPClientRequest(url: spec.url)
                request.method = .GET
                request.headers = headers
                let response = try await client.execute(request, deadline: responseDeadline())
                switch response.status {
                case .methodNotAllowed:
                    logger.debug("the server offers no GET stream (405)")
                    return
                case .notFound where hasSession:
                    sessionExpired()
                    return
                case .ok where Self.contentType(response.headers) == "text/event-stream":
                    received = try await readEvents(response.body, parser: &parser, relatedTo: nil, awaiting: nil).count
                default:
                    let body = (try? await response.body.collect(upTo: Self.errorBodyLimit)) ?? ByteBuffer()
                    logger.warning("the GET stream answered HTTP \(response.status.code): \(Self.preview(body))")
                }
            } catch {
                if isClosing || Task.isCancelled { return }
                logger.warning("the GET stream failed: \(Self.describe(error))")
            }
            let healthy = received > 0 || clock.now - opened > Self.healthyStreamDuration
            failures = healthy ? 0 : failures + 1
            if failures > spec.maximumReconnectAttempts {
                logger.warning("gave up on the GET stream after \(failures) failed attempts; messages unrelated to a request will not arrive")
                return
            }
            try? await Task.sleep(for: reconnectDelay(parser))
        }
    }

    // MARK: Emitting

    private func emit(_ bytes: ByteBuffer, _ envelope: JSONRPCEnvelope?, relatedTo idText: String?) {
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
    private func answer(_ id: JSONValue, _ idText: String, _ message: String, failure: TransportFailure) {
        logger.warning("\(message)")
        continuation.yield(.message(UpstreamMessage(bytes: JSONRPCErrorResponse.make(id: id, message: message), relatedRequestID: idText,
                                                    transportFailure: failure)))
    }

    private func sessionExpired() {
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

    private func startTask(_ body: @escaping @Sendable () async -> Void) {
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

    private func deleteSession(_ headers: HTTPHeaders) async {
        var request = HTTPClientRequest(url: spec.url)
        request.method = .DELETE
        request.headers = headers
        do {
            let response = try await client.execute(request, timeout: Self.deleteTimeout)
            _ = try? await response.body.collect(upTo: Self.errorBodyLimit)
            if response.status != .methodNotAllowed, !(200..<300).contains(response.status.code) {
                logger.debug("DELETE of the session answered HTTP \(response.status.code)")
            }
        } catch {
            logger.debug("DELETE of the session failed: \(Self.describe(error))")
        }
    }

    private func requestHeaders(_ state: State, accept: String, isPost: Bool) -> HTTPHeaders {
        var headers = HTTPHeaders()
        for (name, value) in spec.headers.sorted(by: { $0.key < $1.key }) { headers.add(name: name, value: value) }
        headers.replaceOrAdd(name: "Accept", value: accept)
        if isPost { headers.replaceOrAdd(name: "Content-Type", value: "application/json") }
        if let sessionID = state.sessionID { headers.replaceOrAdd(name: "Mcp-Session-Id", value: sessionID) }
        if let version = state.protocolVersion { headers.replaceOrAdd(name: "MCP-Protocol-Version", value: version) }
        return headers
    }

    private var hasSession: Bool { state.withLock { $0.sessionID != nil } }
    private var isClosing: Bool { state.withLock { $0.closing || $0.closure != nil } }

    private func responseDeadline() -> NIODeadline {
        .now() + TimeAmount(spec.responseTimeout)
    }

    private func reconnectDelay(_ parser: SSEParser) -> Duration {
        parser.reconnectionTime.map { .milliseconds($0) } ?? Self.defaultReconnectDelay
    }

    /// The media type without parameters, lowercased (`text/event-stream`).
    private static func contentType(_ headers: HTTPHeaders) -> String? {
        guard let value = headers.first(name: "Content-Type") else { return nil }
        return value.split(separator: ";").first.map { $0.trimmingWhitespace().lowercased() }
    }

    private static func preview(_ buffer: ByteBuffer) -> String {
        let text = String(buffer: buffer.getSlice(at: buffer.readerIndex, length: min(buffer.readableBytes, 300)) ?? ByteBuffer())
        return buffer.readableBytes > 300 ? text + "…" : text
    }

    /// Whether a failed request can have reached the server: not when no connection was made.
    private static func failure(_ error: any Error) -> TransportFailure {
        if error is NIOConnectionError { return .notActedOn }
        if let error = error as? HTTPClientError, error == .connectTimeout { return .notActedOn }
        return .outcomeUnknown
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        if let error = error as? NIOConnectionError {
            let reasons = error.connectionErrors.map { describe($0.error) }
            return "cannot connect to \(error.host):\(error.port)" + (reasons.isEmpty ? "" : ": " + Set(reasons).sorted().joined(separator: "; "))
        }
        if let error = error as? HTTPClientError { return "\(error)" }
        if let error = error as? SSEParser.EventTooLarge { return "an SSE event over \(error.limit) bytes" }
        return String(describing: error)
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var result = self
        while result.first?.isWhitespace == true { result.removeFirst() }
        while result.last?.isWhitespace == true { result.removeLast() }
        return result
    }
}
