/// Why the store could not do something. The gateway turns any of these into a refusal:
/// when in doubt, deny.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The database cannot be reached, opened or written.
    case unavailable(String)
    /// Something asked for does not exist (a grant, an approval…).
    case notFound(String)
    /// The request conflicts with what is stored (a duplicate name…).
    case conflict(String)
    /// The request itself is malformed (a grant name with spaces, no servers…).
    case invalid(String)

    public var description: String {
        switch self {
        case .unavailable(let message): return "store unavailable: \(message)"
        case .notFound(let message): return message
        case .conflict(let message): return message
        case .invalid(let message): return message
        }
    }
}
