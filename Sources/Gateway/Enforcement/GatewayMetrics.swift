import Metrics
import Synchronization

/// The gateway's Prometheus metrics (through swift-metrics): calls by server, tool and
/// decision; call latency; upstream restarts and crashes; refused messages; open sessions.
///
/// Metric handles are looked up once per label set and cached: creating one on every call
/// would cost more than the decision itself.
public final class GatewayMetrics: Sendable {
    private struct CallKey: Hashable {
        var server: String
        var tool: String
        var decision: String
    }

    private let calls = Mutex<[CallKey: Counter]>([:])
    private let latencies = Mutex<[String: Metrics.Timer]>([:])
    private let restarts = Mutex<[String: Counter]>([:])
    private let crashes = Mutex<[String: Counter]>([:])
    private let refusedMessages = Mutex<[String: Counter]>([:])
    private let sessions = Gauge(label: "gatehouse_sessions_open")
    private let sessionCount = Mutex(0)

    public init() {}

    /// One decided `tools/call`.
    public func call(server: String, tool: String, decision: String) {
        let key = CallKey(server: server, tool: tool, decision: decision)
        let counter = calls.withLock { cache in
            if let counter = cache[key] { return counter }
            let counter = Counter(label: "gatehouse_tool_calls_total",
                                  dimensions: [("server", server), ("tool", tool), ("decision", decision)])
            cache[key] = counter
            return counter
        }
        counter.increment()
    }

    /// How long a forwarded call took, from decision to the upstream's answer.
    public func callLatency(server: String, duration: Duration) {
        let timer = latencies.withLock { cache in
            if let timer = cache[server] { return timer }
            let timer = Metrics.Timer(label: "gatehouse_tool_call_duration_seconds", dimensions: [("server", server)],
                                      preferredDisplayUnit: .seconds)
            cache[server] = timer
            return timer
        }
        let (seconds, attoseconds) = duration.components
        timer.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    public func upstreamRestarted(server: String) {
        counter(in: restarts, label: "gatehouse_upstream_restarts_total", server: server).increment()
    }

    public func upstreamCrashed(server: String) {
        counter(in: crashes, label: "gatehouse_upstream_crashes_total", server: server).increment()
    }

    /// A message refused before any policy (a request without an id, a duplicate key…).
    public func messageRefused(server: String) {
        counter(in: refusedMessages, label: "gatehouse_messages_refused_total", server: server).increment()
    }

    public func sessionOpened() {
        sessions.record(sessionCount.withLock { $0 += 1; return $0 })
    }

    public func sessionClosed() {
        sessions.record(sessionCount.withLock { $0 = max(0, $0 - 1); return $0 })
    }

    private func counter(in cache: borrowing Mutex<[String: Counter]>, label: String, server: String) -> Counter {
        cache.withLock { cache in
            if let counter = cache[server] { return counter }
            let counter = Counter(label: label, dimensions: [("server", server)])
            cache[server] = counter
            return counter
        }
    }
}
