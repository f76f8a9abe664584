/// Why a transport wrote an error response on a request's behalf, as far as it can tell
/// whether the upstream acted on the request — the gateway keeps a call's rate-limit units
/// unless it certainly did not.
public enum TransportFailure: Sendable, Equatable {
    /// The request never reached the upstream (no connection could be made), or the upstream
    /// turned it away unread (an HTTP 4xx): it did not act.
    case notActedOn
    /// The request may have reached the upstream before things went wrong (an HTTP 5xx, a lost
    /// connection, a timeout, a reply that is not JSON-RPC).
    case outcomeUnknown
}
