import AsyncHTTPClient
import JSON
import NIOCore
import NIOHTTP1

/// The POST exchange: a request's reply (JSON or an SSE stream) turned into events, an HTTP
/// failure turned into a JSON-RPC error for the request, notifications delivered, and the
/// session DELETEd at the end.
extension HTTPUpstream {
    private static let deleteTimeout = TimeAmount.seconds(5)

    /// POSTs a request and emits its reply; on any failure emits an error response instead.
    func exchange(_ request: HTTPClientRequest, id: JSONValue, isInitialize: Bool) async {
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

    /// Emits the messages of an SSE body; reports how many and whether the response to
    /// `awaiting` was among them.
    func readEvents(
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

    func deliver(_ request: HTTPClientRequest, method: String?) async throws(UpstreamError) {
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

    // MARK: The session's end

    func deleteSession(_ headers: HTTPHeaders) async {
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

    // MARK: Reading bodies

    /// The media type without parameters, lowercased (`text/event-stream`).
    static func contentType(_ headers: HTTPHeaders) -> String? {
        guard let value = headers.first(name: "Content-Type") else { return nil }
        return value.split(separator: ";").first.map { $0.trimmingWhitespace().lowercased() }
    }

    static func preview(_ buffer: ByteBuffer) -> String {
        let text = String(buffer: buffer.getSlice(at: buffer.readerIndex, length: min(buffer.readableBytes, 300)) ?? ByteBuffer())
        return buffer.readableBytes > 300 ? text + "…" : text
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
