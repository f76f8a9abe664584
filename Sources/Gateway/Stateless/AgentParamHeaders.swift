/// The `Mcp-Param-{Name}` headers an agent's 2026-07-28 request arrived with, as the gateway
/// judges and passes them on (Streamable HTTP, "Server Behavior for Custom Headers").
///
/// Those the called tool's `x-mcp-header` annotations name are *recognised*: checked against the
/// body (``ParamHeaders/problem(sent:arguments:)``) and sent upstream as the gateway's own,
/// mirrored from the body. The others an intermediary must forward and otherwise ignore: they go
/// with that one request to an upstream that takes headers (HTTP at 2026-07-28) — never to stdio
/// or an older revision, which have no header to carry them.
///
/// A pure value. The gateway caps what it forwards ( ``maxCount`` headers, ``maxBytes`` of names
/// and values) and carries only values of visible ASCII, space and tab — what the revision's value
/// encoding produces — so an agent cannot smuggle a line break or a control byte upstream;
/// anything else is ``problem``, a 400.
public struct AgentParamHeaders: Sendable, Equatable {
    /// At most this many distinct `Mcp-Param-*` names in one request.
    public static let maxCount = 32
    /// At most this many bytes of `Mcp-Param-*` names and values in one request.
    public static let maxBytes = 8192
    static let prefix = "mcp-param-"

    /// One header name: as the agent spelt it, and every value it was sent with, in order.
    struct Field: Sendable, Equatable {
        var name: String
        var values: [String]
    }

    /// By lowercased name part (what follows `Mcp-Param-`).
    private(set) var fields: [String: Field] = [:]
    /// Why the headers cannot be carried; nil when they can.
    public private(set) var problem: StatelessProblem?

    /// No `Mcp-Param-*` headers (a request over stdio, or one without any).
    public static let none = AgentParamHeaders()

    private init() {}

    /// The `Mcp-Param-*` headers among a request's `headers` (name as sent, value); others are skipped.
    public init(_ headers: some Sequence<(name: String, value: String)>) {
        var bytes = 0
        for (name, value) in headers where Self.isParamHeader(name) {
            let part = String(name.lowercased().dropFirst(Self.prefix.count))
            fields[part, default: Field(name: name, values: [])].values.append(value)
            bytes += name.utf8.count + value.utf8.count
            if problem == nil, !Self.isCarriable(value) {
                problem = .unforwardableHeader("the \(name) header holds characters a header value may not "
                    + "(only visible ASCII, space and tab; other text is sent as =?base64?…?=)")
            }
        }
        if fields.count > Self.maxCount {
            problem = .unforwardableHeader("the request carries \(fields.count) Mcp-Param-* headers; the gateway takes at most \(Self.maxCount)")
        } else if bytes > Self.maxBytes {
            problem = .unforwardableHeader("the request's Mcp-Param-* headers hold \(bytes) bytes; the gateway takes at most \(Self.maxBytes)")
        }
    }

    /// Every value of each header, by lowercased name part (what ``ParamHeaders`` checks).
    public var sent: [String: [String]] { fields.mapValues(\.values) }

    /// The headers `annotations` do not name (all of them when there are none), to forward:
    /// by name as the agent spelt it; a repeated one as one line, values joined by ", " as
    /// RFC 9110 §5.3 lets a recipient combine them.
    public func unrecognised(by annotations: ParamHeaders?) -> [String: String] {
        let recognised = Set((annotations?.params ?? []).map { $0.name.lowercased() })
        var forwarded: [String: String] = [:]
        for (part, field) in fields where !recognised.contains(part) {
            forwarded[field.name] = field.values.joined(separator: ", ")
        }
        return forwarded
    }

    /// Whether `name` starts `Mcp-Param-` in any case (compared byte by byte: every request's
    /// every header passes here, and most are not one).
    private static func isParamHeader(_ name: String) -> Bool {
        let bytes = name.utf8
        guard bytes.count >= prefix.utf8.count else { return false }
        return zip(bytes, prefix.utf8).allSatisfy { $0 | 0x20 == $1 }
    }

    /// RFC 9110 field-value bytes the gateway passes on: visible ASCII, space, tab.
    private static func isCarriable(_ value: String) -> Bool {
        value.utf8.allSatisfy { (0x20...0x7E).contains($0) || $0 == 0x09 }
    }
}
