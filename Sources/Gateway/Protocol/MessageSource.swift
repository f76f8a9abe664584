/// Which side of the gateway a message came from.
public enum MessageSource: String, Sendable, Equatable {
    /// The MCP client (over HTTP or `gatehouse stdio`).
    case agent
    /// The upstream server.
    case upstream
}
