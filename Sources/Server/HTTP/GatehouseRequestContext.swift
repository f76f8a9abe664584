import Hummingbird
import NIOCore

/// The context of every request: Hummingbird's basics, and the connection it came on (whose
/// remote address the audit log records when access is refused).
public struct GatehouseRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    private let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The client's address (read from the connection only when asked).
    public var remoteAddress: SocketAddress? { channel.remoteAddress }
}
