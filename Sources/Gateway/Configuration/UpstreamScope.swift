/// Who shares a server's pooled upstream connections on the sessionless (2026-07-28) path: the
/// `"upstreamScope"` of an `mcpServers` entry (docs/gateway.md, "Choosing an upstream scope").
public enum UpstreamScope: String, Sendable, Equatable, CaseIterable {
    /// One pool for every grant (the default): right for a server that keeps nothing between calls.
    case shared
    /// A pool of its own per grant: for a stateful server (a browser, a shell, a database
    /// transaction), so that what one grant's calls leave behind is never seen by another's.
    case grant
}
