import Upstream

extension CallEnd {
    /// How a call answered by `message` ended: only the upstream's own JSON-RPC error (or a
    /// transport error for a request it never acted on) gives its units back.
    init(answer message: JSONRPCMessage, transportFailure: TransportFailure?) {
        guard message.kind == .errorResponse else {
            self = .result(isError: message.isErrorResult)
            return
        }
        let summary = message.errorSummary ?? "error"
        switch transportFailure {
        case nil: self = .error(summary)
        case .notActedOn?: self = .notSent(summary)
        case .outcomeUnknown?: self = .lost(summary)
        }
    }
}
