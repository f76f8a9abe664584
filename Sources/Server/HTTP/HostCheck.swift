import Foundation

/// Which `Host` headers the gateway answers (DNS-rebinding protection for every route: a page
/// on a name the attacker controls that resolves to this machine sends that name).
///
/// Answered: the address the gateway listens on, `localhost`, `127.0.0.1` and `[::1]`, and the
/// configuration's `allowedHosts` (`"*"`: any), compared without the port, in any case, a
/// trailing dot ignored. A request without `Host` (HTTP/1.0; browsers always send it) passes.
struct HostCheck: Sendable {
    private let allowed: Set<String>
    /// `allowedHosts` holds `"*"`: nothing is checked.
    let acceptsAny: Bool

    init(listeningOn host: String, allowedHosts: [String]) {
        var allowed = Set(allowedHosts.map(Self.normalize))
        acceptsAny = allowed.contains("*")
        allowed.formUnion(["localhost", "127.0.0.1", "[::1]"])
        let bound = Self.normalize(host)
        if !bound.isEmpty && !Self.isWildcard(bound) { allowed.insert(bound.contains(":") && !bound.hasPrefix("[") ? "[\(bound)]" : bound) }
        self.allowed = allowed
    }

    /// Whether a request with this `Host` header is answered. On every request: no Foundation,
    /// and no allocation for the usual short, lower-case names.
    func permits(_ header: String?) -> Bool {
        guard !acceptsAny, let header else { return true }
        guard let host = Self.hostPart(of: header) else { return false }
        if host.utf8.allSatisfy({ !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) && !host.hasSuffix(".") {
            return allowed.contains(String(host))
        }
        return allowed.contains(Self.normalize(host))
    }

    /// `0.0.0.0` and `::`: every address of the machine, which no client names.
    static func isWildcard(_ host: String) -> Bool {
        ["0.0.0.0", "::", "[::]", "*", ""].contains(host)
    }

    /// The header without its port: `example.com:8080` → `example.com`, `[::1]:80` → `[::1]`;
    /// nil when what follows the host is not a port.
    static func hostPart(of header: String) -> Substring? {
        let isBlank = { (character: Character) in character == " " || character == "\t" }
        let trimmed = header.drop(while: isBlank)
        let host: Substring
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]") else { return nil }
            host = trimmed[...close]
        } else {
            host = trimmed[..<(trimmed.firstIndex { $0 == ":" || isBlank($0) } ?? trimmed.endIndex)]
        }
        var rest = trimmed[host.endIndex...]
        while let last = rest.last, isBlank(last) { rest.removeLast() }
        guard rest.isEmpty || (rest.first == ":" && rest.dropFirst().allSatisfy(\.isASCIIDigit)) else { return nil }
        return host
    }

    /// Lower case, without surrounding blanks or a trailing dot (`LocalHost.` → `localhost`).
    static func normalize(_ host: some StringProtocol) -> String {
        var text = host.lowercased().trimmingCharacters(in: .whitespaces)
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
