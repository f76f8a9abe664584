/// What the gateway does when an upstream's tool definition differs from its pin
/// (a server's `"pinning"` in `gatehouse.json`).
public enum PinningMode: String, Sendable, Equatable, CaseIterable {
    /// Record the change and refuse calls to the changed or new tool until it is approved (default).
    case enforce
    /// Record the change (pin store, audit log, log) but let calls through.
    case warn
    /// Do not pin this server's tools.
    case off
}
