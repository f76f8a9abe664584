import JSON
import NIOCore
import Upstream

/// One JSON-RPC 2.0 message, read only as far as the gateway needs to route and decide it.
///
/// The original bytes are kept and forwarded unchanged; the envelope (`jsonrpc`, `id`,
/// `method`) is decoded, and the positions of `params`, `result` and `error` are remembered so
/// a few members inside them (a tool's name, a progress token) can be read on demand.
public struct JSONRPCMessage: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Has a method and an id: expects a response.
        case request
        /// Has a method and no id.
        case notification
        /// Has a result.
        case response
        /// Has an error (its id may be null).
        case errorResponse
    }

    public let kind: Kind
    /// nil for notifications and for error responses with a null id.
    public let id: RequestID?
    public let method: String?
    /// The message as it arrived.
    public let bytes: ByteBuffer
    /// Byte ranges (from the buffer's reader index) of the members' values.
    let paramsRange: Range<Int>?
    let resultRange: Range<Int>?
    let errorRange: Range<Int>?

    /// Reads the envelope of one message, checking that the whole text is strict JSON.
    public static func parse(_ bytes: ByteBuffer) throws(JSONRPCParseError) -> JSONRPCMessage {
        let envelope = bytes.withUnsafeReadableBytes { raw in
            Result { () throws(JSONRPCParseError) -> Envelope in try Envelope.read(raw) }
        }
        let read = try envelope.get()
        return JSONRPCMessage(kind: read.kind, id: read.id, method: read.method, bytes: bytes,
                              paramsRange: read.params, resultRange: read.result, errorRange: read.error)
    }

    /// Parses a message from text (tests and messages the gateway writes itself).
    public static func parse(_ text: String) throws(JSONRPCParseError) -> JSONRPCMessage {
        try parse(ByteBuffer(string: text))
    }

    /// The message's text (for logs and tests).
    public var text: String { String(buffer: bytes) }

    /// Runs `body` with a scanner over the message's bytes.
    func scan<T>(_ body: (JSONScanner) -> T) -> T {
        bytes.withUnsafeReadableBytes { raw in body(JSONScanner(raw)) }
    }

    /// The byte range of the value at `path` inside `params` (or `result`), if present.
    func range(in root: Range<Int>?, path: [StaticString]) -> Range<Int>? {
        guard let root else { return nil }
        return scan { scanner in scanner.memberRange(path: path, startingAt: root.lowerBound) }
    }

    /// `params._meta.progressToken`, when the requester asked for progress.
    public var progressToken: RequestID? {
        guard let range = range(in: paramsRange, path: ["_meta", "progressToken"]) else { return nil }
        return scan { $0.requestID(at: range) }
    }

    /// `params.progressToken` of a `notifications/progress`.
    public var progressNotificationToken: RequestID? {
        guard let range = range(in: paramsRange, path: ["progressToken"]) else { return nil }
        return scan { $0.requestID(at: range) }
    }

    /// `params.requestId` of a `notifications/cancelled`.
    public var cancelledRequestID: RequestID? {
        guard let range = range(in: paramsRange, path: ["requestId"]) else { return nil }
        return scan { $0.requestID(at: range) }
    }

    /// A string member of `params` (e.g. `name` of `tools/call`, `protocolVersion` of `initialize`).
    public func paramsString(_ name: StaticString) -> String? {
        guard let range = range(in: paramsRange, path: [name]) else { return nil }
        return scan { $0.stringValue(at: range) }
    }

    /// A string member of `result` (e.g. `protocolVersion` of an initialize result).
    public func resultString(_ name: StaticString) -> String? {
        guard let range = range(in: resultRange, path: [name]) else { return nil }
        return scan { $0.stringValue(at: range) }
    }

    /// Whether a result says `"isError": true` (a tool that ran and failed).
    public var isErrorResult: Bool {
        guard let range = range(in: resultRange, path: ["isError"]) else { return false }
        return scan { $0.bytes[range.lowerBound] == UInt8(ascii: "t") }
    }

    /// `code: message` of an error response, for logs and audit rows.
    public var errorSummary: String? {
        guard let errorRange else { return nil }
        let code = range(in: errorRange, path: ["code"]).map { range in
            scan { String(decoding: UnsafeBufferPointer(rebasing: $0.bytes[range]), as: UTF8.self) }
        }
        let message = range(in: errorRange, path: ["message"]).flatMap { range in scan { $0.stringValue(at: range) } }
        return "\(code ?? "?"): \(message ?? "(no message)")"
    }

    /// `params` decoded as a value (nil when absent).
    public func decodedParams() -> JSONValue? {
        decoded(paramsRange)
    }

    /// `result` decoded as a value (nil when absent): for the few results the gateway reads
    /// whole (`tools/list` for pinning, its own requests' answers).
    public func decodedResult() -> JSONValue? {
        decoded(resultRange)
    }

    func decoded(_ range: Range<Int>?) -> JSONValue? {
        guard let range else { return nil }
        return bytes.withUnsafeReadableBytes { raw in
            try? JSONParser.parse(bytes: UnsafeRawBufferPointer(rebasing: raw[range]), duplicateKeys: .lastWins)
        }
    }

    /// The raw text of `params` (nil when absent).
    public var paramsText: String? {
        guard let range = paramsRange else { return nil }
        return bytes.getString(at: bytes.readerIndex + range.lowerBound, length: range.count)
    }
}

/// Why bytes are not a message the gateway accepts, mapped to a JSON-RPC error.
public enum JSONRPCParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not JSON at all: -32700.
    case notJSON(String)
    /// A JSON array: batches were removed from MCP in 2025-06-18.
    case batch
    /// JSON, but not a JSON-RPC 2.0 message: -32600. Carries the id when one could be read.
    case invalid(String, id: RequestID?)
    /// A JSON-RPC message the gateway refuses to pass ( ``JSONRPCEnvelopeRules``): -32600, and
    /// an audit row. Carries the id and method when they could be read.
    case refused(JSONRPCEnvelopeProblem, id: RequestID?, method: String?)

    public var code: Int {
        switch self {
        case .notJSON: return JSONRPCErrorCode.parseError
        case .batch, .invalid, .refused: return JSONRPCErrorCode.invalidRequest
        }
    }

    public var id: RequestID? {
        switch self {
        case .invalid(_, let id), .refused(_, let id, _): return id
        case .notJSON, .batch: return nil
        }
    }

    public var description: String {
        switch self {
        case .notJSON(let detail): return "Parse error: the body is not valid JSON (\(detail))"
        case .batch: return "Invalid Request: JSON-RPC batches are not supported (MCP removed them in 2025-06-18); send one message per request"
        case .invalid(let detail, _): return "Invalid Request: \(detail)"
        case .refused(let problem, _, _): return "Invalid Request: \(problem)"
        }
    }
}

/// The gateway's view of one message's envelope, read by ``JSONRPCEnvelopeReader`` (the reader
/// the transports use too): strict JSON-RPC 2.0 and ``JSONRPCEnvelopeRules``.
private struct Envelope {
    var kind: JSONRPCMessage.Kind
    var id: RequestID?
    var method: String?
    var params: Range<Int>?
    var result: Range<Int>?
    var error: Range<Int>?

    static func read(_ raw: UnsafeRawBufferPointer) throws(JSONRPCParseError) -> Envelope {
        let members: JSONRPCEnvelopeReader
        do {
            members = try JSONRPCEnvelopeReader.read(raw, findingDuplicateKeys: true)
        } catch {
            switch error {
            case .empty: throw .notJSON("the body is empty")
            case .notJSON(let detail): throw .notJSON(detail)
            case .batch: throw .batch
            case .notAnObject: throw .invalid("a JSON-RPC message must be a JSON object", id: nil)
            }
        }
        let scanner = JSONScanner(raw)
        let id = try members.id.flatMap { range throws(JSONRPCParseError) in try readID(range, scanner) }
        let method = members.method.flatMap { scanner.stringValue(at: $0) }
        if let duplicate = members.duplicateKey {
            let duplicateName = scanner.decodeString(duplicate)
            throw .refused(.duplicateKey(duplicateName), id: duplicateName == "id" ? nil : id, method: method)
        }
        guard let version = members.version, scanner.stringValue(at: version) == "2.0" else {
            throw .invalid(#"the message must have "jsonrpc": "2.0""#, id: id)
        }
        if members.method != nil {
            guard let method else {
                throw .invalid("\"method\" must be a string", id: id)
            }
            if let params = members.params, raw[params.lowerBound] != UInt8(ascii: "{"), raw[params.lowerBound] != UInt8(ascii: "[") {
                throw .invalid("\"params\" must be an object", id: id)
            }
            if members.id != nil && id == nil { throw .invalid("a request's id must not be null", id: nil) }
            let toolName = members.name.flatMap { range in
                JSONRPCEnvelopeRules.mayHoldControlCharacter(UnsafeBufferPointer(rebasing: scanner.bytes[range]))
                    ? scanner.stringValue(at: range) : nil
            }
            if let problem = JSONRPCEnvelopeRules.problem(method: method, hasID: id != nil, name: toolName) {
                throw .refused(problem, id: id, method: method)
            }
            return Envelope(kind: id == nil ? .notification : .request, id: id, method: method, params: members.params)
        }
        if members.result != nil {
            guard let id else { throw .invalid("a response must have the id of the request it answers", id: nil) }
            return Envelope(kind: .response, id: id, result: members.result)
        }
        if members.error != nil {
            return Envelope(kind: .errorResponse, id: id, error: members.error)
        }
        throw .invalid("the message has neither \"method\", \"result\" nor \"error\"", id: id)
    }

    /// A string or number id; `null` reads as nil; anything else is invalid.
    private static func readID(_ range: Range<Int>, _ scanner: JSONScanner) throws(JSONRPCParseError) -> RequestID? {
        if let id = scanner.requestID(at: range) { return id }
        if scanner.bytes[range.lowerBound] == UInt8(ascii: "n") { return nil }
        throw .invalid("\"id\" must be a string or a number", id: nil)
    }
}

/// The JSON-RPC and MCP error codes the gateway answers with.
public enum JSONRPCErrorCode {
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    /// Python SDK's "connection closed": the upstream went away mid-request.
    public static let connectionClosed = -32000
    /// Python SDK's "request timed out".
    public static let requestTimeout = -32001
    /// MCP's UnsupportedProtocolVersion (2026-07-28 versioning): `data.supported` lists what
    /// the server speaks, so a dual-era client knows to fall back to `initialize`.
    public static let unsupportedProtocolVersion = -32022
    /// MCP's HeaderMismatch (2026-07-28 Streamable HTTP): a mirrored header disagrees with the body.
    public static let headerMismatch = -32020
    /// MCP's MissingRequiredClientCapability (2026-07-28): the request needs a client capability
    /// the client did not declare; `data.requiredCapabilities` names it.
    public static let missingRequiredClientCapability = -32021
}

extension JSONScanner {
    /// A string or number at `range` as an id or progress token; nil for anything else.
    func requestID(at range: Range<Int>) -> RequestID? {
        switch bytes[range.lowerBound] {
        case UInt8(ascii: "\""):
            return .string(decodeString(range))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return RequestID(.number(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)))
        default:
            return nil
        }
    }
}
