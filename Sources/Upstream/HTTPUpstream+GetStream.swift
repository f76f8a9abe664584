import AsyncHTTPClient
import NIOCore

/// The GET stream: the server's messages unrelated to a request, opened once the session is
/// initialized and reopened when it drops, on the schedule of ``SSEReconnectSchedule``.
extension HTTPUpstream {
    func openGetStream() {
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
        var schedule = SSEReconnectSchedule(maximumAttempts: spec.maximumReconnectAttempts)
        while !Task.isCancelled, !isClosing {
            var outcome = StreamOutcome.ended(received: 0)
            let openFor = await clock.measure { outcome = await readGetStream(&parser) }
            guard case .ended(let received) = outcome else { return }
            if schedule.streamEnded(received: received, openFor: openFor) {
                logger.warning("gave up on the GET stream after \(schedule.failures) failed attempts; messages unrelated to a request will not arrive")
                return
            }
            try? await clock.sleep(for: SSEReconnectSchedule.delay(after: parser))
        }
    }

    private enum StreamOutcome {
        /// The stream ended (or failed) having brought `received` messages: reopen it.
        case ended(received: Int)
        /// No stream to keep: the server offers none, the session expired, or we are closing.
        case over
    }

    /// Opens the GET stream once and reads it to its end.
    private func readGetStream(_ parser: inout SSEParser) async -> StreamOutcome {
        do {
            let response = try await client.execute(streamRequest(resumingAfter: parser.lastEventID), deadline: responseDeadline())
            switch response.status {
            case .methodNotAllowed:
                logger.debug("the server offers no GET stream (405)")
                return .over
            case .notFound where hasSession:
                sessionExpired()
                return .over
            case .ok where Self.contentType(response.headers) == "text/event-stream":
                return .ended(received: try await readEvents(response.body, parser: &parser, relatedTo: nil, awaiting: nil).count)
            default:
                let body = (try? await response.body.collect(upTo: Self.errorBodyLimit)) ?? ByteBuffer()
                logger.warning("the GET stream answered HTTP \(response.status.code): \(Self.preview(body))")
                return .ended(received: 0)
            }
        } catch {
            if isClosing || Task.isCancelled { return .over }
            logger.warning("the GET stream failed: \(Self.describe(error))")
            return .ended(received: 0)
        }
    }
}
