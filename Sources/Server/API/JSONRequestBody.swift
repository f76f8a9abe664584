import Hummingbird
import JSON
import NIOCore
import Policy

/// A request's JSON object body, read with a size limit, with typed field readers whose
/// errors name the field: every API body is an object, and unknown fields are refused (a
/// misspelt field silently ignored would be a setting silently not applied).
struct JSONRequestBody: Sendable {
    /// Bodies larger than this get 413. Policies are small; 1 MiB leaves room for big ones.
    static let maximumBytes = 1 << 20

    let members: JSONObject

    init(members: JSONObject) {
        self.members = members
    }

    /// Reads and parses the body: 413 when too large, 400 when not a JSON object. With
    /// `allowEmpty`, no body at all reads as `{}` (for actions whose fields are all optional).
    static func read(_ request: Request, limit: Int = maximumBytes, allowEmpty: Bool = false) async throws(APIError) -> JSONRequestBody {
        let tooLarge = APIError(status: .contentTooLarge, message: "the body is larger than \(limit) bytes")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch {
            throw .badRequest("could not read the body: \(error)")
        }
        if allowEmpty && buffer.readableBytes == 0 { return JSONRequestBody(members: [:]) }
        return try parse(buffer.readableBytesView)
    }

    static func parse(_ bytes: some Collection<UInt8>) throws(APIError) -> JSONRequestBody {
        guard !bytes.isEmpty else { throw .badRequest("the body is empty; send a JSON object (Content-Type: application/json)") }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes: bytes)
        } catch {
            throw .badRequest("the body is not valid JSON: line \(error.line), column \(error.column): \(error.message)")
        }
        guard case .object(let members) = value else {
            throw .badRequest("the body must be a JSON object, not \(value.typeName)")
        }
        return JSONRequestBody(members: members)
    }

    /// Refuses fields other than `allowed`, with a did-you-mean.
    func allowOnly(_ allowed: [String]) throws(APIError) {
        for key in members.keys where !allowed.contains(key) {
            throw .badRequest("unknown field '\(key)'\(DidYouMean.hint(for: key, among: allowed)); allowed: \(allowed.joined(separator: ", "))")
        }
    }

    func value(_ field: String) -> JSONValue? {
        members[field].flatMap { $0.isNull ? nil : $0 }
    }

    func requiredValue(_ field: String) throws(APIError) -> JSONValue {
        guard let value = value(field) else { throw .badRequest("missing field '\(field)'") }
        return value
    }

    func string(_ field: String) throws(APIError) -> String? {
        guard let value = value(field) else { return nil }
        guard case .string(let text) = value else { throw .badRequest("'\(field)' must be a string, not \(value.typeName)") }
        return text
    }

    func requiredString(_ field: String) throws(APIError) -> String {
        guard let text = try string(field), !text.isEmpty else { throw .badRequest("missing field '\(field)' (a non-empty string)") }
        return text
    }

    func integer(_ field: String, in range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let value = value(field) else { return nil }
        guard let number = value.intValue, let integer = Int(exactly: number), range.contains(integer) else {
            throw .badRequest("'\(field)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(JSONWriter().string(value))")
        }
        return integer
    }

    func number(_ field: String, in range: ClosedRange<Double>) throws(APIError) -> Double? {
        guard let value = value(field) else { return nil }
        guard let number = value.numberValue, range.contains(number) else {
            throw .badRequest("'\(field)' must be a number from \(JSONValue.double(range.lowerBound)) to \(JSONValue.double(range.upperBound)), not \(JSONWriter().string(value))")
        }
        return number
    }

    func object(_ field: String) throws(APIError) -> JSONValue? {
        guard let value = value(field) else { return nil }
        guard case .object = value else { throw .badRequest("'\(field)' must be a JSON object, not \(value.typeName)") }
        return value
    }
}
