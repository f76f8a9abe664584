import AsyncHTTPClient
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The `HTTPClient` an ``HTTPUpstream`` is given, and what its failures mean.
extension HTTPUpstream {
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

    /// Whether a failed request can have reached the server: not when no connection was made.
    static func failure(_ error: any Error) -> TransportFailure {
        if error is NIOConnectionError { return .notActedOn }
        if let error = error as? HTTPClientError, error == .connectTimeout { return .notActedOn }
        return .outcomeUnknown
    }

    /// A client failure in words for an agent or a log.
    static func describe(_ error: any Error) -> String {
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
