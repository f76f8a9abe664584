import JSON
import Upstream

/// A tool's `x-mcp-header` annotations (Streamable HTTP, "Custom Headers from Tool Parameters"):
/// which call arguments a 2026-07-28 request mirrors into `Mcp-Param-{Name}` headers, read from
/// the tool's `inputSchema`, and the two uses of them — the headers the gateway sends an HTTP
/// upstream, and the check of an agent's headers against its body.
///
/// A pure value, made from the upstream's (untrusted) schema: one that breaks the rules makes
/// the tool definition invalid, and the gateway leaves that tool out of `tools/list`, as a
/// client must.
public struct ParamHeaders: Sendable, Equatable {
    /// One annotated argument: its header's name part and the chain of `properties` keys to it.
    public struct Param: Sendable, Equatable {
        public var name: String
        public var path: [String]
        /// `integer` arguments compare numerically (`42.0` is `42`).
        public var isInteger: Bool
    }

    public var params: [Param]

    /// Why a tool's annotations make its definition invalid.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The annotations of `inputSchema`; none when it has none.
    public init(inputSchema: JSONValue) throws(Invalid) {
        var found: [Param] = []
        try Self.collect(inputSchema, path: [], into: &found)
        var seen = Set<String>()
        for param in found where !seen.insert(param.name.lowercased()).inserted {
            throw Invalid(description: "x-mcp-header \"\(param.name)\" is used twice (names are compared without case)")
        }
        params = found
    }

    public var isEmpty: Bool { params.isEmpty }

    private static let primitive: Set<String> = ["string", "integer", "boolean"]

    private static func collect(_ schema: JSONValue, path: [String], into found: inout [Param]) throws(Invalid) {
        guard case .object(let members) = schema else { return }
        let at = path.isEmpty ? "the schema root" : "/" + path.joined(separator: "/")
        for (key, value) in members {
            switch key {
            case "x-mcp-header":
                guard !path.isEmpty else { throw Invalid(description: "x-mcp-header on the schema root") }
                guard case .string(let name) = value, !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                    throw Invalid(description: "x-mcp-header at \(at) is not a header name token")
                }
                guard let type = members["type"]?.stringValue, primitive.contains(type) else {
                    throw Invalid(description: "x-mcp-header at \(at) annotates a parameter that is not a string, integer or boolean")
                }
                found.append(Param(name: name, path: path, isInteger: type == "integer"))
            case "properties":
                guard case .object(let properties) = value else { continue }
                for (property, child) in properties { try collect(child, path: path + [property], into: &found) }
            default:
                if contains(annotationIn: value) {
                    throw Invalid(description: "x-mcp-header under \(key) at \(at) is not reachable through properties alone")
                }
            }
        }
    }

    private static func contains(annotationIn value: JSONValue) -> Bool {
        switch value {
        case .object(let members): return members.contains { $0.key == "x-mcp-header" || contains(annotationIn: $0.value) }
        case .array(let items): return items.contains(where: contains(annotationIn:))
        default: return false
        }
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    // MARK: - Values

    /// The argument at `param`'s path as a header would carry it (before encoding); nil when it
    /// is absent or null, or not of a primitive type (the body is then not the schema's).
    static func value(of param: Param, in arguments: JSONValue?) -> String? {
        var value = arguments
        for key in param.path { value = value?[key] }
        switch value {
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        case .double(let number)? where number.rounded() == number && abs(number) < 9_007_199_254_740_992: return String(Int64(number))
        case .bool(let flag)?: return flag ? "true" : "false"
        default: return nil
        }
    }

    /// The `Mcp-Param-*` headers a call with `arguments` carries, encoded.
    public func headers(for arguments: JSONValue?) -> [(name: String, value: String)] {
        params.compactMap { param in
            Self.value(of: param, in: arguments).map { ("Mcp-Param-\(param.name)", HeaderValue.encode($0)) }
        }
    }

    /// The first disagreement between an agent's `Mcp-Param-*` headers (`sent`: by lowercased
    /// name part, every value the request carried) and the call's `arguments`; nil when they agree.
    /// Headers of names the tool does not annotate are not the gateway's to judge.
    public func problem(sent: [String: [String]], arguments: JSONValue?) -> StatelessProblem? {
        for param in params {
            let header = "Mcp-Param-\(param.name)"
            let body = Self.value(of: param, in: arguments)
            switch (sent[param.name.lowercased()], body) {
            case (nil, nil):
                continue
            case (nil, let body?):
                return .headerMismatch("the \(header) header is required: the body has \(param.path.joined(separator: ".")) = '\(body)'")
            case (let values?, _) where values.count != 1:
                return .headerMismatch("the \(header) header is sent \(values.count) times")
            case (let values?, nil):
                return .headerMismatch("the \(header) header value '\(values[0])' has no value in the body to mirror")
            case (let values?, let body?):
                guard let decoded = HeaderValue.decode(values[0]) else {
                    return .headerMismatch("\(header) header value '\(values[0])' holds characters a header value may not (or is not valid =?base64?…?= encoding)")
                }
                let same = param.isInteger ? Double(decoded).map { $0 == Double(body) } ?? false : decoded == body
                if !same { return .headerMismatch("\(header) header value '\(decoded)' does not match body value '\(body)'") }
            }
        }
        return nil
    }
}
