import JSON
import NIOCore

/// The envelope of one JSON-RPC message — its `id`, `method`, and whether it carries `result`
/// or `error` — read without building the rest of the message.
///
/// The transports' view of what ``JSONRPCEnvelopeReader`` finds (the same single strict pass
/// the gateway reads every message with): only `id` and `method` are decoded. It is lenient
/// where the gateway is not — `jsonrpc` may be missing, duplicate keys are not looked for — as
/// a transport only needs to tell requests, notifications and responses apart; the gateway
/// refuses what breaks its rules when it reads the message itself.
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
        guard let fields = bytes.withUnsafeReadableBytes({ raw in Self.fields(raw) }) else { return nil }
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

    /// The decoded `id` and `method`, and which of `result` and `error` are present; nil when
    /// the bytes are not one JSON object, the id is not a string, an integer or null, or the
    /// method is not a string.
    private static func fields(_ raw: UnsafeRawBufferPointer) -> (id: JSONValue?, method: String?, hasResult: Bool, hasError: Bool)? {
        guard let members = try? JSONRPCEnvelopeReader.read(raw, findingDuplicateKeys: false) else { return nil }
        var id: JSONValue?
        if let range = members.id {
            switch try? JSONParser.parse(bytes: UnsafeRawBufferPointer(rebasing: raw[range]), duplicateKeys: .lastWins) {
            case let value?:
                switch value {
                case .string, .int, .null: id = value
                default: return nil
                }
            case nil: return nil
            }
        }
        var method: String?
        if let range = members.method {
            guard let text = JSONScanner(raw).stringValue(at: range) else { return nil }
            method = text
        }
        return (id, method, members.result != nil, members.error != nil)
    }
}
