/// The W3C trace context (`traceparent`, `tracestate`, `baggage`) of the agent's request being
/// served, for transports that send it on (Streamable HTTP sends these headers with its POST).
///
/// A task-local value: the HTTP edge binds it around handling one request, and whatever the
/// request sends upstream from within that task carries it, without every layer in between
/// passing it along.
public enum TraceContext {
    /// The header names that pass through, lowercased.
    public static let headerNames = ["traceparent", "tracestate", "baggage"]

    @TaskLocal public static var headers: [(name: String, value: String)] = []

    /// The trace headers among a request's, read with `value(named:)`; values with a line break are dropped.
    public static func headers(from value: (String) -> String?) -> [(name: String, value: String)] {
        headerNames.compactMap { name in
            guard let found = value(name), !found.isEmpty,
                  !found.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else { return nil }
            return (name, found)
        }
    }
}
