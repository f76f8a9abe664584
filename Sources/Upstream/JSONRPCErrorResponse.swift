import JSON
import NIOCore

/// JSON-RPC error responses the transports write on a request's behalf, so that a caller is
/// never left waiting when the upstream cannot answer.
enum JSONRPCErrorResponse {
    /// JSON-RPC's "internal error", what an unreachable or failing upstream becomes.
    static let internalError: Int64 = -32603

    static func make(id: JSONValue, code: Int64 = internalError, message: String) -> ByteBuffer {
        let response: JSONValue = ["jsonrpc": "2.0", "id": id, "error": ["code": .int(code), "message": .string(message)]]
        return ByteBuffer(bytes: JSONWriter().bytes(response))
    }

    /// The upstream's own JSON-RPC error body with our request's id, when `body` is one
    /// (servers answer 4xx with an id-less error, e.g. "Bad Request: Missing session ID").
    static func passingThrough(_ body: ByteBuffer, id: JSONValue) -> ByteBuffer? {
        guard let json = try? JSONParser.parse(bytes: body.readableBytesView, duplicateKeys: .lastWins),
            case .object(var members) = json, case .object(let error)? = members["error"],
            error["code"]?.intValue != nil, error["message"]?.stringValue != nil
        else { return nil }
        members["jsonrpc"] = "2.0"
        members["id"] = id
        return ByteBuffer(bytes: JSONWriter().bytes(.object(members)))
    }
}
