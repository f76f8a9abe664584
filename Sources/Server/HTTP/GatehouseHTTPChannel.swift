import Gateway
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 channel with Gatehouse's connection limits around it: a
/// ``ConnectionGuard`` below the HTTP codec and a ``RequestPhaseObserver`` above it.
struct GatehouseHTTPChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let responder: HTTPChannelHandler.Responder
    let limits: ConnectionLimits
    let connections: OpenConnections

    /// The server builder for ``Application``.
    static func builder(limits: ConnectionLimits) -> HTTPServerBuilder {
        let connections = OpenConnections(maximum: limits.maxConnections)
        return HTTPServerBuilder { responder in
            GatehouseHTTPChannel(responder: responder, limits: limits, connections: connections)
        }
    }

    var timeouts: ConnectionDeadlines.Timeouts {
        ConnectionDeadlines.Timeouts(header: Self.nanoseconds(limits.headerTimeoutSeconds), body: Self.nanoseconds(limits.bodyTimeoutSeconds),
                                     idle: Self.nanoseconds(limits.idleSeconds))
    }

    static func nanoseconds(_ seconds: Double) -> Int64 {
        Int64(min(seconds, Double(Int32.max)) * 1e9)
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let guardHandler = ConnectionGuard(connections: connections, timeouts: timeouts, logger: logger)
        do {
            try channel.pipeline.syncOperations.addHandler(guardHandler)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        let observer = NIOLoopBound(RequestPhaseObserver(reportingTo: guardHandler), eventLoop: channel.eventLoop)
        return HTTP1Channel(responder: responder, configuration: .init(additionalChannelHandlers: [observer.value]))
            .setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await HTTP1Channel(responder: responder).handle(value: value, logger: logger)
    }
}
