import JSON

/// The one reader of a JSON-RPC envelope, for both sides of the gateway — agents' messages and
/// upstreams' alike.
///
/// A single strict pass (``JSONScanner``: the whole text must be JSON) finds the top-level
/// members that route and decide a message — `jsonrpc`, `id`, `method`, `params` (and its own
/// `name`, the tool or prompt it acts on), `result`, `error` — as byte ranges, decoding nothing
/// else; a large tool result costs one scan, not a parse. What a message must then be is each
/// reader's view of these members: ``JSONRPCEnvelope`` for the transports, the gateway's
/// `JSONRPCMessage` with ``JSONRPCEnvelopeRules`` for everything it forwards.
public struct JSONRPCEnvelopeReader: Sendable, Equatable {
    /// Why the bytes are not one JSON object.
    public enum Failure: Error, Sendable, Equatable {
        /// Nothing but whitespace.
        case empty
        /// Not JSON (the scanner's complaint).
        case notJSON(String)
        /// A JSON array: a batch.
        case batch
        /// JSON, but not an object.
        case notAnObject
    }

    /// Byte ranges (from the start of the bytes read) of the members' values.
    public var version: Range<Int>?
    public var id: Range<Int>?
    public var method: Range<Int>?
    public var params: Range<Int>?
    /// `params.name`, when `params` is an object that has one.
    public var name: Range<Int>?
    public var result: Range<Int>?
    public var error: Range<Int>?
    /// The first member name found twice in one object, anywhere in the message (quotes
    /// included), when asked to look.
    public var duplicateKey: Range<Int>?

    /// Reads the envelope of `raw`; `findingDuplicateKeys` also looks for a member named twice
    /// in any object (the gateway refuses those; transports need not look).
    public static func read(_ raw: UnsafeRawBufferPointer, findingDuplicateKeys: Bool) throws(Failure) -> JSONRPCEnvelopeReader {
        var scanner = JSONScanner(raw)
        scanner.skipWhitespace()
        guard !scanner.atEnd else { throw .empty }
        let first = scanner.current
        guard first == UInt8(ascii: "{") else {
            do {
                try scanner.skipValue()
                try scanner.expectEnd()
            } catch {
                throw .notJSON(error.description)
            }
            throw first == UInt8(ascii: "[") ? .batch : .notAnObject
        }
        var members = JSONRPCEnvelopeReader()
        scanner.findsDuplicateKeys = findingDuplicateKeys
        do {
            try scanner.forEachMember { (s: inout JSONScanner, key: Range<Int>) throws(JSONScanner.Failure) in
                if s.stringEquals(key, "params") {
                    (members.params, members.name) = try readParams(&s)
                    return
                }
                let value = try s.valueRange(depth: 1)
                if s.stringEquals(key, "jsonrpc") { members.version = value }
                else if s.stringEquals(key, "id") { members.id = value }
                else if s.stringEquals(key, "method") { members.method = value }
                else if s.stringEquals(key, "result") { members.result = value }
                else if s.stringEquals(key, "error") { members.error = value }
            }
            try scanner.expectEnd()
        } catch {
            throw .notJSON(error.description)
        }
        members.duplicateKey = scanner.duplicateKey
        return members
    }

    /// Skips `params` (at the scanner), returning its range and that of its own `name` member,
    /// found in the same pass.
    private static func readParams(_ s: inout JSONScanner) throws(JSONScanner.Failure) -> (Range<Int>, Range<Int>?) {
        let start = s.index
        guard !s.atEnd, s.current == UInt8(ascii: "{") else { return (try s.valueRange(depth: 1), nil) }
        var name: Range<Int>?
        try s.forEachMember(depth: 1) { (p: inout JSONScanner, key: Range<Int>) throws(JSONScanner.Failure) in
            let value = try p.valueRange(depth: 2)
            if p.stringEquals(key, "name") { name = value }
        }
        return (start..<s.index, name)
    }
}
