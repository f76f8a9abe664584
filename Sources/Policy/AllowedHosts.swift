/// The operand of `url_host_in`, compiled: hosts an http(s) URL argument may name, and
/// `*.example.com` wildcards (any host ending in `.example.com`, not `example.com` itself).
struct AllowedHosts: Sendable {
    private let exact: Set<URLHost>
    /// `.example.com` for `*.example.com`.
    private let suffixes: [String]

    init(_ entries: [Entry]) {
        var exact: Set<URLHost> = []
        var suffixes: [String] = []
        for entry in entries {
            switch entry {
            case .host(let host): exact.insert(host)
            case .subdomains(let domain): suffixes.append("." + domain)
            }
        }
        self.exact = exact
        self.suffixes = suffixes
    }

    /// One host in a policy's list.
    enum Entry: Sendable, Equatable {
        case host(URLHost)
        /// `*.example.com`: the domain after `*.`.
        case subdomains(String)
    }

    /// Nil when `argument` is an http or https URL to one of the hosts; otherwise why not.
    func refusal(for argument: String) -> URLRefusal? {
        switch URLParser.parse(argument) {
        case .failure(let refusal):
            return refusal
        case .success(let url):
            guard url.scheme == "http" || url.scheme == "https" else { return .schemeNotAllowed }
            guard let host = url.host else { return .noHost }
            return admits(host) ? nil : .hostNotAllowed
        }
    }

    func admits(_ host: URLHost) -> Bool {
        if exact.contains(host) { return true }
        guard case .domain(let name) = host else { return false }
        return suffixes.contains { suffix in
            name.utf8.count > suffix.utf8.count && name.utf8.suffix(suffix.utf8.count).elementsEqual(suffix.utf8)
        }
    }

    /// Reads one entry as a policy writes it: `api.example.com`, `*.example.com`, `127.0.0.1`,
    /// `[::1]`; the message says what is wrong otherwise.
    static func entry(_ text: String) -> Result<Entry, HostEntryProblem> {
        if text.contains("://") { return .failure(.url) }
        let isIPv6 = text.hasPrefix("[") && text.hasSuffix("]")
        if !isIPv6, IPAddressParser.ipv6(text.utf8) != nil { return .failure(.unbracketedIPv6) }
        if text.contains("/") || text.contains("@") || (!isIPv6 && text.contains(":")) { return .failure(.notAHost) }
        if text.hasPrefix("*.") {
            let domain = text.dropFirst(2)
            guard !domain.contains("*") else { return .failure(.wildcard) }
            guard let host = URLHost(String(domain)) else { return .failure(.invalid) }
            guard case .domain(let name) = host else { return .failure(.wildcardAddress) }
            return .success(.subdomains(name))
        }
        guard !text.contains("*") else { return .failure(.wildcard) }
        guard let host = URLHost(text) else { return .failure(.invalid) }
        return .success(.host(host))
    }
}

/// Why an entry of a `url_host_in` list is not usable.
enum HostEntryProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case url, notAHost, unbracketedIPv6, wildcard, wildcardAddress, invalid

    var description: String {
        switch self {
        case .url: return "must be a host name, not a URL (write \"example.com\", and the scheme with url_scheme_in)"
        case .notAHost: return "must be a host name such as \"api.example.com\", without port, path or user"
        case .unbracketedIPv6: return "write an IPv6 address in brackets, e.g. \"[::1]\""
        case .wildcard: return "a wildcard is written \"*.example.com\" (any host under example.com)"
        case .wildcardAddress: return "a wildcard needs a domain name, not an IP address"
        case .invalid: return "is not a valid host name or IP address"
        }
    }
}
