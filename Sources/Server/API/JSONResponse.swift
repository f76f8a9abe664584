import HTTPTypes
import Hummingbird
import JSON
import NIOCore

/// JSON answers of the `/api/*` endpoints: pretty JSON bodies, and errors as `{"error": …}`.
enum JSONResponse {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter(style: .pretty).string(value) + "\n")))
    }

    /// `{"error": message}`, plus any extra members (e.g. `problems`).
    static func problem(_ status: HTTPResponse.Status, _ message: String, extra: JSONObject = [:],
                        headers: HTTPFields = [:]) -> Response {
        var members: JSONObject = ["error": .string(message)]
        for (key, value) in extra { members[key] = value }
        return json(.object(members), status: status, headers: headers)
    }
}
