import Foundation

/// Whether the store answers, for `/healthz` and for refusing calls fast while it does not.
public struct StoreHealth: Sendable, Equatable {
    /// `sqlite` or `postgres`.
    public var kind: String
    public var isUp: Bool
    /// When the store last went down or came back (nil: it has been up since the start).
    public var since: Date?
    /// Why the last probe failed, while down.
    public var error: String?

    public init(kind: String, isUp: Bool, since: Date? = nil, error: String? = nil) {
        self.kind = kind
        self.isUp = isUp
        self.since = since
        self.error = error
    }
}
