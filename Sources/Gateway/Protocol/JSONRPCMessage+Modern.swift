import JSON
import NIOCore

/// What the 2026-07-28 revision carries in a request's body: its version and the names its
/// `Mcp-Name` header mirrors, read on demand like the rest of the envelope.
extension JSONRPCMessage {
    /// `params._meta["io.modelcontextprotocol/protocolVersion"]`: the revision a sessionless request speaks.
    public var metaProtocolVersion: String? {
        guard let range = range(in: paramsRange, path: ["_meta", "io.modelcontextprotocol/protocolVersion"]) else { return nil }
        return scan { $0.stringValue(at: range) }
    }

    /// Whether `params._meta["io.modelcontextprotocol/clientCapabilities"]` is an object.
    public var metaDeclaresClientCapabilities: Bool {
        guard let range = range(in: paramsRange, path: ["_meta", "io.modelcontextprotocol/clientCapabilities"]) else { return false }
        return scan { $0.bytes[range.lowerBound] == UInt8(ascii: "{") }
    }

    /// Whether the client capabilities in `_meta` declare `capability` (e.g. `elicitation`).
    public func metaDeclaresClientCapability(_ capability: StaticString) -> Bool {
        guard let range = range(in: paramsRange, path: ["_meta", "io.modelcontextprotocol/clientCapabilities", capability]) else { return false }
        return scan { $0.bytes[range.lowerBound] == UInt8(ascii: "{") }
    }

    /// `params._meta["io.modelcontextprotocol/logLevel"]`: the least severe log message the
    /// requester wants for this request; nil when it wants none (or names no known level).
    public var metaLogLevel: LoggingLevel? {
        guard let range = range(in: paramsRange, path: ["_meta", "io.modelcontextprotocol/logLevel"]) else { return nil }
        return scan { $0.stringValue(at: range) }.flatMap(LoggingLevel.init(rawValue:))
    }

    /// The body value `Mcp-Name` must mirror: `params.name` (`tools/call`, `prompts/get`) or
    /// `params.uri` (`resources/read`); nil for other methods.
    public var mirroredName: (field: String, value: String?)? {
        switch method {
        case "tools/call", "prompts/get": return ("params.name", paramsString("name"))
        case "resources/read": return ("params.uri", paramsString("uri"))
        default: return nil
        }
    }

    /// The bytes of `params` (nil when absent), without copying.
    var paramsBytes: ByteBuffer? { slice(paramsRange) }
    /// The bytes of `result` (nil when absent).
    var resultBytes: ByteBuffer? { slice(resultRange) }
    /// The bytes of `error` (nil when absent).
    var errorBytes: ByteBuffer? { slice(errorRange) }

    /// `params` without the sessionless envelope (`_meta`'s `io.modelcontextprotocol/…` members):
    /// what an upstream initialized at an older revision accepts (a dual-era one refuses the
    /// envelope on a handshake connection). The other `_meta` members — `progressToken`,
    /// `traceparent`, `tracestate`, `baggage` — pass through.
    var paramsWithoutEnvelope: ByteBuffer? {
        guard let paramsRange, var params = paramsBytes else { return nil }
        guard let metaRange = range(in: paramsRange, path: ["_meta"]), case .object(let meta)? = decoded(metaRange),
              meta.keys.contains(where: { $0.hasPrefix(Self.envelopePrefix) }) else { return params }
        let kept = meta.filter { !$0.key.hasPrefix(Self.envelopePrefix) }
        var out = ByteBufferAllocator().buffer(capacity: params.readableBytes)
        var head = params.readSlice(length: metaRange.lowerBound - paramsRange.lowerBound)!
        out.writeBuffer(&head)
        out.writeString(JSONWriter().string(.object(kept)))
        params.moveReaderIndex(forwardBy: metaRange.count)
        out.writeBuffer(&params)
        return out
    }

    static let envelopePrefix = "io.modelcontextprotocol/"

    private func slice(_ range: Range<Int>?) -> ByteBuffer? {
        guard let range else { return nil }
        return bytes.getSlice(at: bytes.readerIndex + range.lowerBound, length: range.count)
    }

    /// Whether `params` has a member `name` at its top level.
    func paramsHas(_ name: StaticString) -> Bool {
        range(in: paramsRange, path: [name]) != nil
    }

    /// Whether `result` has a member `name` at its top level.
    func resultHas(_ name: StaticString) -> Bool {
        range(in: resultRange, path: [name]) != nil
    }

    /// The JSON-RPC error code of an error response.
    var errorCode: Int? {
        guard let range = range(in: errorRange, path: ["code"]) else { return nil }
        return scan { Int(String(decoding: UnsafeBufferPointer(rebasing: $0.bytes[range]), as: UTF8.self)) }
    }
}
