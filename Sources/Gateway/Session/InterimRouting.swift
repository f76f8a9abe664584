/// Where a message from the upstream that is not a response goes: onto the stream of the
/// request it relates to, or onto the session's standalone stream.
///
/// HTTP upstreams say which request a message relates to (it arrived on that request's SSE
/// stream) and progress notifications name their token; stdio upstreams say nothing for the
/// rest (a log line, a sampling request). Then, in order: the only request in flight; the
/// standalone stream if the agent listens on it; the newest request in flight; the standalone
/// stream's buffer.
enum InterimRouting {
    enum Destination: Equatable {
        case request(RequestID)
        case standalone
    }

    /// A request in flight that can carry interim messages (its reply may become an SSE stream).
    struct Candidate: Equatable {
        var id: RequestID
        /// Larger is newer.
        var sequence: Int
    }

    static func destination(
        related: RequestID?, candidates: [Candidate], standaloneOpen: Bool
    ) -> Destination {
        if let related {
            return candidates.contains { $0.id == related } ? .request(related) : .standalone
        }
        if candidates.count == 1 { return .request(candidates[0].id) }
        if standaloneOpen || candidates.isEmpty { return .standalone }
        let newest = candidates.max { $0.sequence < $1.sequence }!
        return .request(newest.id)
    }
}
