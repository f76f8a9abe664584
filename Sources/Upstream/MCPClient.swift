import JSON
import Logging
import NIOCore
import Synchronization

/// Request/response over any ``UpstreamConnection``: what `gatehouse import` uses to talk to a
/// server, and what the gateway uses for requests of its own.
///
/// Its request ids are strings `gatehouse-<n>`, so they never collide with an agent's. Either
/// let it read the connection (``run()``), or read the events yourself and offer each message
/// to ``handle(_:)`` and the closure to ``connectionClosed(_:)``.
public final class MCPClient: Sendable {
    /// The revision offered in `initialize`.
    public static let latestProtocolVersion = "2025-11-25"
    /// Revisions whose `initialize`/`tools/list` this client understands.
    public static let supportedProtocolVersions: Set<String> = ["2025-11-25", "2025-06-18", "2025-03-26"]

    public let connection: any UpstreamConnection
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var nextID = 0
        var slots: [String: Slot] = [:]
        var closure: UpstreamClosure?
        var skippedMessages = 0
    }

    /// Where one pending request stands.
    private enum Slot {
        /// Sent; nobody waits yet.
        case expecting
        case waiting(CheckedContinuation<Result<JSONValue, ResponseFailure>, Never>)
        /// Answered (or failed) before anyone waited.
        case settled(Result<JSONValue, ResponseFailure>)
    }

    /// How a response failed before it is turned into an ``MCPClientError`` naming the method.
    private enum ResponseFailure: Error {
        case rpcError(code: Int64, message: String)
        case closed(UpstreamClosure)
        case cancelled
    }

    public init(connection: any UpstreamConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger.forUpstream(connection.serverName)
    }

    /// How many messages were skipped because they were not JSON-RPC (garbage on the wire).
    public var skippedMessageCount: Int { state.withLock { $0.skippedMessages } }

    // MARK: Reading

    /// Reads the connection's events until it closes: settles this client's requests, answers
    /// the server's requests (`ping`; anything else gets "method not found"), logs the rest.
    public func run() async {
        for await event in connection.events {
            switch event {
            case .message(let message):
                if handle(message) { continue }
                await answerServer(message)
            case .closed(let closure):
                connectionClosed(closure)
            }
        }
    }

    /// Settles the request this message answers; true when it was a response to one of ours.
    /// Messages that are not JSON-RPC are logged, counted and skipped (returning true).
    @discardableResult
    public func handle(_ message: UpstreamMessage) -> Bool {
        guard let envelope = JSONRPCEnvelope(message.bytes) else {
            skip(message)
            return true
        }
        guard envelope.kind == .response, case .string(let id)? = envelope.id, id.hasPrefix(Self.idPrefix) else { return false }
        settle(id, with: Self.outcome(of: message.bytes))
        return true
    }

    /// Fails every pending request: the connection is over.
    public func connectionClosed(_ closure: UpstreamClosure) {
        let slots = state.withLock { state in
            state.closure = closure
            defer { state.slots = [:] }
            return state.slots
        }
        for case .waiting(let continuation) in slots.values {
            continuation.resume(returning: .failure(.closed(closure)))
        }
    }

    // MARK: Requests

    /// Sends `method` with `params` and returns the result, or throws: a JSON-RPC error, no
    /// answer within `timeout`, the connection closing, or the calling task being cancelled.
    public func request(_ method: String, params: JSONValue? = nil, timeout: Duration) async throws(MCPClientError) -> JSONValue {
        let id = try register(method)
        var message: JSONObject = ["jsonrpc": "2.0", "id": .string(id), "method": .string(method)]
        if let params { message["params"] = params }
        do {
            try await connection.send(ByteBuffer(bytes: JSONWriter().bytes(.object(message))))
        } catch {
            _ = state.withLock { $0.slots.removeValue(forKey: id) }
            throw .sendFailed(method: method, error)
        }
        let outcome = await waitForResponse(id, timeout: timeout)
        switch outcome {
        case .success(let result)?: return result
        case .failure(.rpcError(let code, let text))?: throw .rpcError(server: connection.serverName, method: method, code: code, message: text)
        case .failure(.closed(let closure))?: throw .connectionClosed(server: connection.serverName, method: method, closure: closure)
        case .failure(.cancelled)?: throw .cancelled(server: connection.serverName, method: method)
        case nil: throw .timedOut(server: connection.serverName, method: method, timeout: timeout)
        }
    }

    /// Sends a notification.
    public func notify(_ method: String, params: JSONValue? = nil) async throws(MCPClientError) {
        var message: JSONObject = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { message["params"] = params }
        do {
            try await connection.send(ByteBuffer(bytes: JSONWriter().bytes(.object(message))))
        } catch {
            throw .sendFailed(method: method, error)
        }
    }

    /// The MCP handshake: `initialize` offering ``latestProtocolVersion``, then
    /// `notifications/initialized`. Throws when the server picks a revision this client does not speak.
    public func initialize(
        clientName: String, clientVersion: String, capabilities: JSONValue = .emptyObject, timeout: Duration
    ) async throws(MCPClientError) -> InitializeResult {
        let params: JSONValue = [
            "protocolVersion": .string(Self.latestProtocolVersion), "capabilities": capabilities,
            "clientInfo": ["name": .string(clientName), "version": .string(clientVersion)],
        ]
        let result = try await request("initialize", params: params, timeout: timeout)
        let initialized: InitializeResult
        do {
            initialized = try InitializeResult(result: result)
        } catch {
            throw .invalidResult(server: connection.serverName, method: "initialize", reason: error.text)
        }
        guard Self.supportedProtocolVersions.contains(initialized.protocolVersion) else {
            throw .invalidResult(
                server: connection.serverName, method: "initialize",
                reason: "it chose protocol version \(initialized.protocolVersion); gatehouse speaks \(Self.supportedProtocolVersions.sorted().reversed().joined(separator: ", "))")
        }
        try await notify("notifications/initialized")
        return initialized
    }

    /// Every tool, following `nextCursor` page by page. Each request gets `timeout`; a cursor
    /// seen twice, or more than `maximumPages` pages, is an error rather than an endless loop.
    public func listTools(timeout: Duration, maximumPages: Int = 1000) async throws(MCPClientError) -> [JSONValue] {
        var tools: [JSONValue] = []
        var cursor: String?
        var seenCursors: Set<String> = []
        for _ in 0..<maximumPages {
            let result = try await request("tools/list", params: cursor.map { ["cursor": .string($0)] }, timeout: timeout)
            guard case .array(let page)? = result["tools"] else {
                throw .invalidResult(server: connection.serverName, method: "tools/list", reason: "it has no 'tools' array")
            }
            tools += page
            guard let next = result["nextCursor"]?.stringValue, !next.isEmpty else { return tools }
            guard seenCursors.insert(next).inserted else {
                throw .invalidResult(server: connection.serverName, method: "tools/list", reason: "it sent the cursor '\(next)' twice (a pagination loop)")
            }
            cursor = next
        }
        throw .invalidResult(server: connection.serverName, method: "tools/list", reason: "more than \(maximumPages) pages")
    }

    // MARK: Pending requests

    private static let idPrefix = "gatehouse-"

    private func register(_ method: String) throws(MCPClientError) -> String {
        try state.withLock { state throws(MCPClientError) -> String in
            if let closure = state.closure { throw .connectionClosed(server: connection.serverName, method: method, closure: closure) }
            state.nextID += 1
            let id = "\(Self.idPrefix)\(state.nextID)"
            state.slots[id] = .expecting
            return id
        }
    }

    /// The outcome, or nil after `timeout`.
    private func waitForResponse(_ id: String, timeout: Duration) async -> Result<JSONValue, ResponseFailure>? {
        defer { _ = state.withLock { $0.slots.removeValue(forKey: id) } }
        return await withTaskGroup(of: Result<JSONValue, ResponseFailure>?.self) { group in
            group.addTask { await self.response(to: id) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Waits for the response to `id`; cancellation settles it as `.cancelled`.
    private func response(to id: String) async -> Result<JSONValue, ResponseFailure> {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let settled: Result<JSONValue, ResponseFailure>? = state.withLock { state in
                    switch state.slots[id] {
                    case .settled(let outcome)?:
                        return outcome
                    case .expecting?:
                        state.slots[id] = .waiting(continuation)
                        return nil
                    case .waiting?, nil:
                        return .failure(state.closure.map { .closed($0) } ?? .cancelled)
                    }
                }
                if let settled { continuation.resume(returning: settled) }
            }
        } onCancel: {
            settle(id, with: .failure(.cancelled))
        }
    }

    private func settle(_ id: String, with outcome: Result<JSONValue, ResponseFailure>) {
        let continuation = state.withLock { state -> CheckedContinuation<Result<JSONValue, ResponseFailure>, Never>? in
            switch state.slots[id] {
            case .expecting?:
                state.slots[id] = .settled(outcome)
                return nil
            case .waiting(let continuation)?:
                state.slots[id] = .settled(outcome)
                return continuation
            case .settled?, nil:
                return nil
            }
        }
        continuation?.resume(returning: outcome)
    }

    private static func outcome(of bytes: ByteBuffer) -> Result<JSONValue, ResponseFailure> {
        guard let message = try? JSONParser.parse(bytes: bytes.readableBytesView, duplicateKeys: .lastWins) else {
            return .failure(.rpcError(code: -32700, message: "the response is not valid JSON"))
        }
        if let error = message["error"] {
            return .failure(.rpcError(code: error["code"]?.intValue ?? 0, message: error["message"]?.stringValue ?? "\(error)"))
        }
        return .success(message["result"] ?? .null)
    }

    // MARK: The server's own messages

    /// Answers a server's request so it never waits on us; logs notifications.
    private func answerServer(_ message: UpstreamMessage) async {
        guard let envelope = JSONRPCEnvelope(message.bytes), let method = envelope.method else { return }
        guard envelope.kind == .request, let id = envelope.id else {
            logger.debug("notification from the server", metadata: ["method": "\(method)"])
            return
        }
        let reply: JSONValue =
            method == "ping"
            ? ["jsonrpc": "2.0", "id": id, "result": [:]]
            : ["jsonrpc": "2.0", "id": id, "error": ["code": -32601, "message": .string("gatehouse does not support \(method) here")]]
        try? await connection.send(ByteBuffer(bytes: JSONWriter().bytes(reply)))
    }

    private func skip(_ message: UpstreamMessage) {
        let count = state.withLock { state in
            state.skippedMessages += 1
            return state.skippedMessages
        }
        guard LogThrottle.shouldLog(occurrence: count) else { return }
        logger.warning("skipped a message that is not JSON-RPC (\(count) so far)", metadata: ["message": "\(message.text.prefix(200))"])
    }
}
