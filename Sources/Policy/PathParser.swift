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
        var readings: [ResolvedPath] = []
        if let refusal = refusal(for: argument, admitting: { readings.append($0); return true }) {
            return .failure(refusal)
        }
        return .success(readings)
    }

    /// Resolves each reading of `argument` in turn and asks `admits` about it: nil when every
    /// reading is admitted, otherwise why not (`.outside` for the first one `admits` refuses).
    /// The common case — an ASCII path without escapes — costs one pass and one array.
    static func refusal(for argument: String, admitting admits: (ResolvedPath) -> Bool) -> PathRefusal? {
        let bytes = Array(argument.utf8)
        if let refusal = unsafeByte(in: bytes) { return refusal }
        let path: ArraySlice<UInt8>
        switch pathPart(of: bytes) {
        case .success(let part): path = part
        case .failure(let refusal): return refusal
        }
        var texts = [path]
        if path.contains(ASCII.percent) {
            let decoded = PercentDecoding.decode(path)
            if let refusal = unsafeByte(in: decoded) { return refusal }
            if PercentDecoding.containsEscape(decoded) { return .doubleEncoded }
            guard String(validating: decoded, as: UTF8.self) != nil else { return .notUTF8 }
            if !decoded.elementsEqual(path) { texts.append(decoded[...]) }
        }
        // A server that normalises Unicode (NFKC) reads `‥` as `..` and `／` as `/`.
        for text in texts where text.contains(where: { $0 >= 0x80 }) {
            let compatible = Array(String(decoding: text, as: UTF8.self).precomposedStringWithCompatibilityMapping.utf8)
            guard !compatible.elementsEqual(text) else { continue }
            if let refusal = unsafeByte(in: compatible) { return refusal }
            texts.append(compatible[...])
        }
        for text in texts {
            guard let reading = ResolvedPath(resolving: text) else { return .dotsOnlyName }
            guard admits(reading) else { return .outside }
        }
        return nil
    }

    /// A directory named in a policy: an absolute path without `.`, `..`, `%` or backslashes
    /// (repeated and trailing slashes are fine), or why the text is not one.
    public static func directory(_ text: String) -> Result<ResolvedPath, DirectoryProblem> {
        let bytes = Array(text.utf8)
        guard bytes.first == ASCII.slash else { return .failure(.notAbsolute) }
        if unsafeByte(in: bytes) != nil || bytes.contains(ASCII.percent) { return .failure(.unsafeCharacter) }
        let segments = bytes.split(separator: ASCII.slash)
        guard !segments.contains(where: { $0.elementsEqual([ASCII.dot]) || $0.elementsEqual([ASCII.dot, ASCII.dot]) }),
              let directory = ResolvedPath(resolving: bytes[...]) else { return .failure(.dotSegment) }
        return .success(directory)
    }

    /// NUL and every other control character, and backslashes: refused in any reading.
    static func unsafeByte(in bytes: some Collection<UInt8>) -> PathRefusal? {
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F { return .controlCharacter }
            if byte == ASCII.backslash { return .backslash }
        }
        return nil
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

    /// Resolves an absolute path in one pass: `.` and empty segments vanish, `..` climbs (never
    /// above `/`). Nil when a name is only dots and spaces other than `.` and `..` (`...`,
    /// `....`, `.. `): a name on Linux, but a climb on systems that trim trailing dots and
    /// spaces or read `...` as two levels up, and what a filter stripping `../` makes of `....//`.
    init?(resolving path: ArraySlice<UInt8>) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(path.count + 1)
        var index = path.startIndex
        while index < path.endIndex {
            if path[index] == ASCII.slash {
                index += 1
                continue
            }
            let start = index
            var onlyDotsAndSpaces = true
            var dots = 0
            while index < path.endIndex, path[index] != ASCII.slash {
                if path[index] == ASCII.dot { dots += 1 } else if path[index] != ASCII.space { onlyDotsAndSpaces = false }
                index += 1
            }
            if onlyDotsAndSpaces && dots > 0 {
                let length = index - start
                if length == 1 { continue }  // "."
                guard length == 2 && dots == 2 else { return nil }
                while let last = bytes.popLast(), last != ASCII.slash {}  // ".."
                continue
            }
            bytes.append(ASCII.slash)
            bytes.append(contentsOf: path[start..<index])
        }
        self.bytes = bytes.isEmpty ? [ASCII.slash] : bytes
    }

    /// Whether this path is `directory` itself or lies beneath it (segment-wise:
    /// `/srv/docs2` is not inside `/srv/docs`).
    public func isWithin(_ directory: ResolvedPath) -> Bool {
        let prefix = directory.bytes
        if prefix.count == 1 { return true }  // "/"
        guard bytes.count >= prefix.count else { return false }
        for index in 0..<prefix.count where bytes[index] != prefix[index] { return false }
        return bytes.count == prefix.count || bytes[prefix.count] == ASCII.slash
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
