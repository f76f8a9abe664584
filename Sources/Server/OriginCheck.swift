/// Which browser origins may call the gateway (DNS-rebinding protection).
///
/// Requests without an `Origin` header (every non-browser MCP client) pass. A browser page may
/// call only from the gateway's own origin on a loopback name, or from a configured origin.
struct OriginCheck: Sendable {
    let allowed: Set<String>

    init(configured: [String], port: Int) {
        var allowed = Set(configured.map(Self.normalize))
        for host in ["127.0.0.1", "localhost", "[::1]"] {
            allowed.insert("http://\(host):\(port)")
        }
        self.allowed = allowed
    }

    func permits(_ origin: String?) -> Bool {
        guard let origin else { return true }
        return allowed.contains(Self.normalize(origin))
    }

    /// Origins compare case-insensitively and without a trailing slash.
    static func normalize(_ origin: String) -> String {
        var text = origin.lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
