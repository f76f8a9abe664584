import Foundation

/// Reads a path argument — a plain absolute path or a `file:` URI — the way a file server
/// would, lexically: it never touches the file system (the gateway cannot see the upstream's).
///
/// Servers disagree about such arguments: one percent-decodes a `file:` URI, another strips
/// `file://` and opens the rest; one treats `\` as a separator, another as a letter. So the
/// parser gives every reading a server could take — the text as written; when it holds
/// percent-escapes, the text percent-decoded once; when it is not ASCII, each of those in
/// Unicode compatibility form (NFKC) — and a guard must admit all of them.
/// Anything no reading can settle (NUL and other control characters, backslashes, a second
/// layer of percent-encoding, bytes that are not UTF-8) is refused outright.
public enum PathParser {
    /// The readings of `argument`, each resolved lexically (`.`, `..` and repeated slashes).
    public static func readings(of argument: String) -> Result<[ResolvedPath], PathRefusal> {
        let bytes = Array(argument.utf8)
        if let refusal = unsafeByte(in: bytes) { return .failure(refusal) }
        let path: ArraySlice<UInt8>
        switch pathPart(of: bytes) {
        case .success(let part): path = part
        case .failure(let refusal): return .failure(refusal)
        }
        var texts = [Array(path)]
        if path.contains(ASCII.percent) {
            let decoded = PercentDecoding.decode(path)
            if let refusal = unsafeByte(in: decoded) { return .failure(refusal) }
            if PercentDecoding.containsEscape(decoded) { return .failure(.doubleEncoded) }
            guard String(validating: decoded, as: UTF8.self) != nil else { return .failure(.notUTF8) }
            if decoded != texts[0] { texts.append(decoded) }
        }
        // A server that normalises Unicode (NFKC) reads `‥` as `..` and `／` as `/`.
        for text in texts where text.contains(where: { $0 >= 0x80 }) {
            let compatible = Array(String(decoding: text, as: UTF8.self).precomposedStringWithCompatibilityMapping.utf8)
            guard compatible != text else { continue }
            if let refusal = unsafeByte(in: compatible) { return .failure(refusal) }
            texts.append(compatible)
        }
        if texts.contains(where: hasDotsOnlyName) { return .failure(.dotsOnlyName) }
        return .success(texts.map { ResolvedPath(resolving: $0[...]) })
    }

    /// A directory named in a policy: an absolute path without `.`, `..`, `%` or backslashes
    /// (repeated and trailing slashes are fine), or why the text is not one.
    public static func directory(_ text: String) -> Result<ResolvedPath, DirectoryProblem> {
        let bytes = Array(text.utf8)
        guard bytes.first == ASCII.slash else { return .failure(.notAbsolute) }
        if unsafeByte(in: bytes) != nil || bytes.contains(ASCII.percent) { return .failure(.unsafeCharacter) }
        let segments = bytes.split(separator: ASCII.slash)
        if segments.contains(where: { $0.elementsEqual([ASCII.dot]) || $0.elementsEqual([ASCII.dot, ASCII.dot]) }) || hasDotsOnlyName(bytes) {
            return .failure(.dotSegment)
        }
        return .success(ResolvedPath(resolving: bytes[...]))
    }

    /// NUL and every other control character, and backslashes: refused in any reading.
    static func unsafeByte(in bytes: some Collection<UInt8>) -> PathRefusal? {
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F { return .controlCharacter }
            if byte == ASCII.backslash { return .backslash }
        }
        return nil
    }

    /// A segment of dots and spaces other than `.` and `..` (`...`, `....`, `.. `): a name on
    /// Linux, a climb on systems that trim trailing dots and spaces or read `...` as two
    /// levels up, and what a filter that strips `../` turns `....//` into.
    static func hasDotsOnlyName(_ path: [UInt8]) -> Bool {
        path.split(separator: ASCII.slash).contains { segment in
            segment.allSatisfy { $0 == ASCII.dot || $0 == ASCII.space } && segment.contains(ASCII.dot)
                && !segment.elementsEqual([ASCII.dot]) && !segment.elementsEqual([ASCII.dot, ASCII.dot])
        }
    }

    /// The path inside a plain absolute path (all of it) or a local `file:` URI.
    static func pathPart(of bytes: [UInt8]) -> Result<ArraySlice<UInt8>, PathRefusal> {
        if bytes.first == ASCII.slash { return .success(bytes[...]) }
        guard let colon = URLParser.schemeEnd(in: bytes[...]) else { return .failure(.notAbsolute) }
        guard ASCII.equalsIgnoringCase(bytes[..<colon], "file") else { return .failure(.notFileScheme) }
        var rest = bytes[(colon + 1)...]
        // `?` and `#` end the path for a URI parser and are letters for a naive one.
        if rest.contains(ASCII.question) || rest.contains(ASCII.hash) { return .failure(.queryOrFragment) }
        if rest.starts(with: [ASCII.slash, ASCII.slash]) {
            rest = rest.dropFirst(2)
            let hostEnd = rest.firstIndex(of: ASCII.slash) ?? rest.endIndex
            let host = rest[..<hostEnd]
            guard host.isEmpty || ASCII.equalsIgnoringCase(host, "localhost") else { return .failure(.remoteHost) }
            rest = rest[hostEnd...]
        }
        guard rest.first == ASCII.slash else { return .failure(.notAbsolute) }
        return .success(rest)
    }
}

/// An absolute path after lexical resolution: `/srv/docs/a`, never `..`, `.` or `//`.
/// Compared byte for byte (file systems do not normalise Unicode; neither does this).
public struct ResolvedPath: Sendable, Hashable, CustomStringConvertible {
    /// The path's UTF-8 bytes, starting with `/`; the root is `/` alone.
    public let bytes: [UInt8]

    /// Resolves an absolute path: `.` and empty segments vanish, `..` climbs (never above `/`).
    init(resolving path: ArraySlice<UInt8>) {
        var segments: [ArraySlice<UInt8>] = []
        for segment in path.split(separator: ASCII.slash, omittingEmptySubsequences: true) {
            if segment.elementsEqual([ASCII.dot]) { continue }
            if segment.elementsEqual([ASCII.dot, ASCII.dot]) {
                _ = segments.popLast()
                continue
            }
            segments.append(segment)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(path.count)
        for segment in segments {
            bytes.append(ASCII.slash)
            bytes.append(contentsOf: segment)
        }
        self.bytes = bytes.isEmpty ? [ASCII.slash] : bytes
    }

    /// Whether this path is `directory` itself or lies beneath it (segment-wise:
    /// `/srv/docs2` is not inside `/srv/docs`).
    public func isWithin(_ directory: ResolvedPath) -> Bool {
        if directory.bytes == [ASCII.slash] { return true }
        guard bytes.count >= directory.bytes.count, bytes.starts(with: directory.bytes) else { return false }
        return bytes.count == directory.bytes.count || bytes[directory.bytes.count] == ASCII.slash
    }

    public var description: String { String(decoding: bytes, as: UTF8.self) }
}

/// Why a path argument is refused; each reads after the argument's path (`args.uri …`).
public enum PathRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case controlCharacter, backslash, doubleEncoded, notUTF8
    case notAbsolute, notFileScheme, remoteHost, queryOrFragment
    case dotsOnlyName, outside

    public var description: String {
        switch self {
        case .controlCharacter: return "contains a NUL or another control character"
        case .backslash: return "contains a backslash (a separator to some servers, a letter to others)"
        case .doubleEncoded: return "is percent-encoded twice"
        case .notUTF8: return "percent-decodes to bytes that are not UTF-8"
        case .notAbsolute: return "is neither an absolute path nor a file: URI with one"
        case .notFileScheme: return "is a URI whose scheme is not file:"
        case .remoteHost: return "is a file: URI naming another host"
        case .queryOrFragment: return "is a file: URI with '?' or '#' (servers disagree where its path ends)"
        case .dotsOnlyName: return "has a name of only dots and spaces, such as '...' (a climb on some systems)"
        case .outside: return "resolves outside the allowed directories"
        }
    }
}

/// Why a directory in a `path_within` list is not usable.
public enum DirectoryProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case notAbsolute, unsafeCharacter, dotSegment

    public var description: String {
        switch self {
        case .notAbsolute: return "must be an absolute directory such as \"/srv/docs\""
        case .unsafeCharacter: return "must not contain control characters, '%' or backslashes"
        case .dotSegment: return "must not contain '.' or '..' segments; write the directory it means"
        }
    }
}
