import AsyncHTTPClient
import JSON
import NIOCore

/// Resuming a request whose SSE stream ended before its response (MCP 2025-11-25 polling).
extension HTTPUpstream {
    /// A POSTed SSE stream ended before the response: if the server gave event ids it expects
    /// us to resume with GET and `Last-Event-ID`; otherwise fail the request. Each reopening
    /// waits the server's `retry:` (or a second) on the connection's clock; a resumed stream
    /// that brought something resets the count of attempts.
    func resumeOrGiveUp(parser: inout SSEParser, id: JSONValue, idText: String) async {
        var attempts = 0
        while let lastEventID = parser.lastEventID, !lastEventID.isEmpty, attempts < spec.maximumReconnectAttempts {
            attempts += 1
            do {
                try await clock.sleep(for: SSEReconnectSchedule.delay(after: parser))
                let response = try await client.execute(streamRequest(resumingAfter: lastEventID), deadline: responseDeadline())
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
}
