/// A URL's host in one canonical form, parsed by the WHATWG URL standard's host rules, so
/// that every spelling of one host compares equal: `GOOD.com.`, `good%2Ecom`, `ｇｏｏｄ。com`
/// are `good.com`; `2130706433`, `0x7f.1`, `0177.0.0.1` are `127.0.0.1`; `[0:0::1]` is `[::1]`.
///
/// Stricter than the standard where clients disagree, never looser: labels are letters,
/// digits, `-` and `_`; an empty label (other than one trailing dot) is refused; a Unicode
/// label is lowercased and must then be one IDNA would not change further (anything else —
/// compatibility forms, invisible characters, `ß` — is refused, not guessed), and travels as
/// Punycode (`bücher.de` is `xn--bcher-kva.de`).
public enum URLHost: Sendable, Hashable, CustomStringConvertible {
    /// An ASCII domain: lowercase, Punycode for Unicode labels, no trailing dot.
    case domain(String)
    case ipv4(UInt32)
    /// Eight 16-bit pieces.
    case ipv6([UInt16])

    /// How the host is written in a URL: `good.com`, `127.0.0.1`, `[::1]`.
    public var description: String {
        switch self {
        case .domain(let name): return name
        case .ipv4(let address): return IPAddressParser.serialize(ipv4: address)
        case .ipv6(let pieces): return IPAddressParser.serialize(ipv6: pieces)
        }
    }

    /// Parses a host as written in a URL's authority (still percent-encoded); nil when it
    /// is not a valid host.
    public init?(parsing bytes: ArraySlice<UInt8>) {
        guard !bytes.isEmpty, bytes.count <= Self.maximumInputLength else { return nil }
        if bytes.first == ASCII.openBracket {
            guard bytes.last == ASCII.closeBracket, let pieces = IPAddressParser.ipv6(bytes.dropFirst().dropLast()) else { return nil }
            self = .ipv6(pieces)
            return
        }
        if Self.isPlainASCII(bytes) {
            guard let host = Self.plainASCII(bytes) else { return nil }
            self = host
            return
        }
        guard let text = String(validating: PercentDecoding.decode(bytes), as: UTF8.self),
              let labels = Self.asciiLabels(text) else { return nil }
        guard let host = Self.host(labels: labels) else { return nil }
        self = host
    }

    /// The host that ASCII labels name: an IPv4 address when the last label is a number, else
    /// a domain (one trailing dot dropped, no other empty label).
    private static func host(labels: [ArraySlice<UInt8>]) -> URLHost? {
        var labels = labels
        if labels.count > 1, labels.last?.isEmpty == true { labels.removeLast() }  // one trailing dot
        if IPAddressParser.endsInNumber(labels) {
            return IPAddressParser.ipv4(labels).map(URLHost.ipv4)
        }
        guard !labels.contains(where: \.isEmpty) else { return nil }
        let name = labels.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".")
        return name.utf8.count <= 253 ? .domain(name) : nil
    }

    /// Letters, digits, `-`, `_` and `.` only, and no `xn--` label: the common case, which
    /// needs no decoding, no Unicode and no Punycode.
    private static func isPlainASCII(_ bytes: ArraySlice<UInt8>) -> Bool {
        var labelStart = true
        for index in bytes.indices {
            let byte = ASCII.lowercased(bytes[index])
            guard isLabelByte(byte) || byte == ASCII.dot else { return false }
            if labelStart, byte == UInt8(ascii: "x"), bytes.endIndex - index >= 4,
               ASCII.equalsIgnoringCase(bytes[index..<(index + 4)], "xn--") { return false }
            labelStart = byte == ASCII.dot
        }
        return true
    }

    /// ``init(parsing:)`` for a plain ASCII host: lowercased in one pass, labels checked in place.
    private static func plainASCII(_ bytes: ArraySlice<UInt8>) -> URLHost? {
        var end = bytes.endIndex
        if bytes.count > 1, bytes.last == ASCII.dot { end -= 1 }  // one trailing dot
        let name = bytes[..<end]
        guard name.count <= 253, name.last != ASCII.dot else { return nil }
        var labelStart = name.startIndex
        var lastLabel = name[...]
        for index in name.indices where name[index] == ASCII.dot || index == name.endIndex - 1 {
            let labelEnd = name[index] == ASCII.dot ? index : index + 1
            guard labelEnd > labelStart, labelEnd - labelStart <= 63 else { return nil }
            lastLabel = name[labelStart..<labelEnd]
            labelStart = index + 1
        }
        if IPAddressParser.isNumber(lastLabel) {
            return IPAddressParser.ipv4(name.split(separator: ASCII.dot, omittingEmptySubsequences: false)).map(URLHost.ipv4)
        }
        return .domain(ASCII.lowercasedString(name))
    }

    /// Parses a host written in a policy (`api.example.com`, `127.0.0.1`, `[::1]`).
    public init?(_ text: String) {
        self.init(parsing: Array(text.utf8)[...])
    }

    /// The longest host text worth reading (a DNS name is at most 253 bytes; escapes triple it).
    static let maximumInputLength = 1_024

    /// The host's labels in ASCII, split on every dot IDNA knows (`.`, `。`, `．`, `｡`); nil
    /// when a label cannot be a DNS label.
    private static func asciiLabels(_ text: String) -> [ArraySlice<UInt8>]? {
        var labels: [ArraySlice<UInt8>] = []
        var label: [Unicode.Scalar] = []
        func finish() -> Bool {
            guard let ascii = asciiLabel(label) else { return false }
            labels.append(ascii[...])
            label.removeAll(keepingCapacity: true)
            return true
        }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x2E, 0x3002, 0xFF0E, 0xFF61:
                guard finish() else { return nil }
            case 0xFF01...0xFF5E:  // full-width ASCII
                label.append(Unicode.Scalar(UInt8(scalar.value - 0xFEE0)))
            default:
                label.append(scalar)
            }
        }
        return finish() ? labels : nil
    }

    /// One label in ASCII: lowercased, checked, and Punycode-encoded when it is not ASCII.
    private static func asciiLabel(_ scalars: [Unicode.Scalar]) -> [UInt8]? {
        guard scalars.count <= 63 else { return nil }
        if scalars.allSatisfy(\.isASCII) {
            let bytes = scalars.map { ASCII.lowercased(UInt8($0.value)) }
            guard bytes.allSatisfy(isLabelByte) else { return nil }
            if bytes.starts(with: Array("xn--".utf8)) {
                guard let decoded = Punycode.decode(bytes.dropFirst(4)), !decoded.allSatisfy(\.isASCII),
                      canonicalUnicode(decoded) == decoded else { return nil }
            }
            return bytes
        }
        guard let canonical = canonicalUnicode(scalars) else { return nil }
        if canonical.allSatisfy(\.isASCII) { return canonical.map { UInt8($0.value) } }  // `K` (Kelvin) is `k`
        guard let encoded = Punycode.encode(canonical) else { return nil }
        let bytes = Array("xn--\(encoded)".utf8)
        return bytes.count <= 63 ? bytes : nil
    }

    /// A Unicode label lowercased, or nil when IDNA would still change it (or it holds an
    /// ASCII byte a label cannot have).
    private static func canonicalUnicode(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        var result: [Unicode.Scalar] = []
        for scalar in scalars {
            if scalar.isASCII {
                let byte = ASCII.lowercased(UInt8(scalar.value))
                guard isLabelByte(byte) else { return nil }
                result.append(Unicode.Scalar(byte))
                continue
            }
            guard !unusableCategories.contains(scalar.properties.generalCategory) else { return nil }
            for lowered in scalar.properties.lowercaseMapping.unicodeScalars {
                guard !lowered.properties.changesWhenNFKCCaseFolded, !lowered.isASCII || isLabelByte(UInt8(lowered.value)) else { return nil }
                result.append(lowered)
            }
        }
        return result
    }

    /// Invisible, blank and unassigned characters: no host name has them.
    private static let unusableCategories: Set<Unicode.GeneralCategory> = [
        .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned,
    ]

    /// Letters, digits, `-` and `_` (lowercase already).
    private static func isLabelByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || ASCII.isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
