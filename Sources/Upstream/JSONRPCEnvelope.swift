import JSON
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The envelope of one JSON-RPC message — its `id`, `method`, and whether it carries `result`
/// or `error` — read without building the rest of the message.
///
/// A single pass over the top-level object skips nested values (strings, objects, arrays)
/// without parsing them, so a large tool result costs a byte scan, not a parse. Only `id` and
/// `method` are decoded, with the strict ``JSONParser``. It checks the envelope's structure, not
/// the validity of the values it skips.
public struct JSONRPCEnvelope: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Has `method` and `id`: expects a response.
        case request
        /// Has `method`, no `id`.
        case notification
        /// Has `result` or `error`, and `id` (null when the peer could not read the request's).
        case response
    }

    public var kind: Kind
    /// A string or an integer (null only for error responses to unreadable requests).
    public var id: JSONValue?
    public var method: String?
    /// Only for responses: whether it is an error.
    public var isError: Bool

    /// The id as compact JSON text (`"abc"`, `7`), as ``UpstreamMessage/relatedRequestID`` holds it.
    public var idText: String? { id.map { JSONWriter().string($0) } }

    /// The envelope of `bytes`, or nil when they are not one JSON-RPC object.
    public init?(_ bytes: ByteBuffer) {
        guard let fields = bytes.withUnsafeReadableBytes({ bytes in
            var scanner = EnvelopeScanner(bytes: bytes)
            return scanner.scan()
        }) else { return nil }
        if let method = fields.method {
            kind = fields.id == nil ? .notification : .request
            self.method = method
            isError = false
        } else if fields.hasResult || fields.hasError, fields.id != nil {
            kind = .response
            method = nil
            isError = fields.hasError
        } else {
            return nil
        }
        id = fields.id
    }
}

/// The single pass behind ``JSONRPCEnvelope``.
private struct EnvelopeScanner {
    struct Fields {
        var id: JSONValue?
        var method: String?
        var hasResult = false
        var hasError = false
    }

    let bytes: UnsafeRawBufferPointer
    var index = 0

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    mutating func scan() -> Fields? {
        var fields = Fields()
        skipWhitespace()
        guard take(UInt8(ascii: "{")) else { return nil }
        skipWhitespace()
        if take(UInt8(ascii: "}")) { return finished(fields) }
        while true {
            skipWhitespace()
            let keyStart = index
            guard skipString() else { return nil }
            let key = UnsafeRawBufferPointer(rebasing: bytes[keyStart..<index])
            skipWhitespace()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipWhitespace()
            let valueStart = index
            guard skipValue() else { return nil }
            let value = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<index])
            switch decodeKey(key) {
            case "id":
                guard let id = try? JSONParser.parse(value.assumingMemoryBound(to: UInt8.self)) else { return nil }
                switch id {
                case .string, .int, .null: fields.id = id
                default: return nil
                }
            case "method":
                guard case .string(let method)? = try? JSONParser.parse(value.assumingMemoryBound(to: UInt8.self)) else { return nil }
                fields.method = method
            case "result": fields.hasResult = true
            case "error": fields.hasError = true
            default: break
            }
            skipWhitespace()
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "}")) else { return nil }
            return finished(fields)
        }
    }

    private mutating func finished(_ fields: Fields) -> Fields? {
        skipWhitespace()
        return index == bytes.count ? fields : nil
    }

    /// The key's text; keys with escapes (never the ones we look for, in practice) are decoded.
    private func decodeKey(_ key: UnsafeRawBufferPointer) -> String? {
        if !key.contains(UInt8(ascii: "\\")) { return String(decoding: key.dropFirst().dropLast(), as: UTF8.self) }
        return (try? JSONParser.parse(key.assumingMemoryBound(to: UInt8.self)))?.stringValue
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    /// Skips a string starting at `index` (at its opening quote). Jumps from quote to quote with
    /// memchr: a quote ends the string unless an odd number of backslashes precede it.
    private mutating func skipString() -> Bool {
        guard take(UInt8(ascii: "\"")), let base = bytes.baseAddress else { return false }
        let contentStart = index
        while index < bytes.count {
            guard let found = memchr(base + index, Int32(UInt8(ascii: "\"")), bytes.count - index) else { break }
            let quote = base.distance(to: UnsafeRawPointer(found))
            var backslashes = 0
            while quote - backslashes - 1 >= contentStart, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            index = quote + 1
            if backslashes.isMultiple(of: 2) { return true }
        }
        index = bytes.count
        return false
    }

    private mutating func skipValue() -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return skipContainer()
        default:
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: " "), UInt8(ascii: "\t"),
                    UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    return index > start
                default:
                    index += 1
                }
            }
            return index > start
        }
    }

    /// Skips an object or array, counting brackets outside strings.
    private mutating func skipContainer() -> Bool {
        var depth = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                guard skipString() else { return false }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    index += 1
                    return true
                }
            default:
                break
            }
            index += 1
        }
        return false
    }
}
