/// Reads an absolute URL's scheme and host by the WHATWG URL standard's rules — what browsers,
/// Node and most HTTP clients do — for the security decision. Foundation's `URL` follows
/// RFC 3986 and reads some of these strings differently, so it is not used here.
///
/// Where clients disagree about a string the parser refuses it rather than pick a side:
/// control characters (tabs and newlines, which WHATWG silently drops), and a backslash
/// before the path (WHATWG reads `http://good.com\@evil.com` as host `good.com`; Python's
/// and Go's parsers as host `evil.com`).
public enum URLParser {
    /// The schemes whose URLs have a host the standard parses (`file` has a path instead).
    static let specialSchemes: Set<String> = ["http", "https", "ws", "wss", "ftp"]

    /// Parses `text` as an absolute URL.
    public static func parse(_ text: String) -> Result<ParsedURL, URLRefusal> {
        var bytes = Array(text.utf8)[...]
        while bytes.first == ASCII.space { bytes = bytes.dropFirst() }
        while bytes.last == ASCII.space { bytes = bytes.dropLast() }
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return .failure(.controlCharacter) }
        guard let colon = schemeEnd(in: bytes) else { return .failure(.notAbsoluteURL) }
        let scheme = ASCII.lowercasedString(bytes[..<colon])
        guard specialSchemes.contains(scheme) else { return .success(ParsedURL(scheme: scheme, host: nil, port: nil)) }

        var rest = bytes[(colon + 1)...]
        while let first = rest.first, first == ASCII.slash || first == ASCII.backslash {
            if first == ASCII.backslash { return .failure(.backslash) }
            rest = rest.dropFirst()
        }
        let authorityEnd = rest.firstIndex { $0 == ASCII.slash || $0 == ASCII.question || $0 == ASCII.hash } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        if authority.contains(ASCII.backslash) { return .failure(.backslash) }
        let hostAndPort = authority.lastIndex(of: ASCII.at).map { authority[($0 + 1)...] } ?? authority
        return readHostAndPort(hostAndPort).map { ParsedURL(scheme: scheme, host: $0.host, port: $0.port) }
    }

    /// `good.com:8080`, `[::1]:80`, `good.com`: the host, and the port when one is written.
    private static func readHostAndPort(_ bytes: ArraySlice<UInt8>) -> Result<(host: URLHost, port: Int?), URLRefusal> {
        guard !bytes.isEmpty else { return .failure(.noHost) }
        var hostEnd = bytes.firstIndex(of: ASCII.colon) ?? bytes.endIndex
        if bytes.first == ASCII.openBracket {
            guard let close = bytes.firstIndex(of: ASCII.closeBracket) else { return .failure(.invalidHost) }
            hostEnd = close + 1
            guard hostEnd == bytes.endIndex || bytes[hostEnd] == ASCII.colon else { return .failure(.invalidHost) }
        }
        let hostBytes = bytes[..<hostEnd]
        guard !hostBytes.isEmpty else { return .failure(.noHost) }
        guard let host = URLHost(parsing: hostBytes) else { return .failure(.invalidHost) }
        guard hostEnd < bytes.endIndex else { return .success((host, nil)) }
        let portBytes = bytes[(hostEnd + 1)...]
        if portBytes.isEmpty { return .success((host, nil)) }
        guard portBytes.count <= 5, portBytes.allSatisfy(ASCII.isDigit),
              let port = Int(String(decoding: portBytes, as: UTF8.self)), port <= 65_535 else { return .failure(.invalidPort) }
        return .success((host, port))
    }

    /// The index of the `:` that ends a URI scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`),
    /// or nil when the text does not start with one.
    static func schemeEnd(in bytes: ArraySlice<UInt8>) -> Int? {
        guard let first = bytes.first, ASCII.isAlpha(first) else { return nil }
        for index in bytes.indices.dropFirst() {
            let byte = bytes[index]
            if byte == ASCII.colon { return index }
            guard ASCII.isAlpha(byte) || ASCII.isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                || byte == ASCII.dot else { return nil }
        }
        return nil
    }
}

/// What the policy needs from a URL: its scheme and, for http(s), ws(s) and ftp, its host.
public struct ParsedURL: Sendable, Equatable {
    /// Lowercase, without the `:`.
    public var scheme: String
    /// Nil for schemes without a parsed host (`mailto:`, `file:`).
    public var host: URLHost?
    public var port: Int?
}

/// Why a URL argument is refused; each reads after the argument's path (`args.url …`).
public enum URLRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case notAbsoluteURL, controlCharacter, backslash, noHost, invalidHost, invalidPort
    case schemeNotAllowed, hostNotAllowed

    public var description: String {
        switch self {
        case .notAbsoluteURL: return "is not an absolute URL"
        case .controlCharacter: return "contains a control character (a tab, a newline, NUL…)"
        case .backslash: return "has a backslash before its path (clients disagree on what it means)"
        case .noHost: return "has no host"
        case .invalidHost: return "has a malformed host"
        case .invalidPort: return "has a malformed port"
        case .schemeNotAllowed: return "does not use an allowed scheme"
        case .hostNotAllowed: return "names a host outside the allowed list"
        }
    }
}
