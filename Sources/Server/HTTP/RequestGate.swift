import Gateway
import HTTPTypes
import Hummingbird

/// The first check of every request, whatever its route: a `Host` the gateway answers
/// (``HostCheck``; 421 otherwise) and a path without NUL (400: `/index.html%00.txt` must not
/// reach a file API that stops at the NUL).
struct RequestGate<Context: RequestContext>: RouterMiddleware {
    let hosts: HostCheck

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.holdsNUL(request.uri.path) {
            return Self.refusal(.badRequest, "Bad Request: the path holds a NUL character", path: request.uri.path)
        }
        guard hosts.permits(request.head.authority), request.headers[values: Self.host].allSatisfy(hosts.permits) else {
            return Self.refusal(.misdirectedRequest,
                                "Misdirected Request: this gateway does not answer to that Host; add the name clients use to allowedHosts in gatehouse.json",
                                path: request.uri.path)
        }
        return try await next(request, context)
    }

    /// `Host` fields besides the one HTTP/1 gives as the request's authority (a second `Host`
    /// header): each must pass too.
    static var host: HTTPField.Name { HTTPField.Name("Host")! }

    /// Whether the path holds a NUL, raw or percent-encoded (`%00`).
    static func holdsNUL(_ path: String) -> Bool {
        var previous: (UInt8, UInt8) = (0xFF, 0xFF)
        for byte in path.utf8 {
            if byte == 0 || (previous == (UInt8(ascii: "%"), UInt8(ascii: "0")) && byte == UInt8(ascii: "0")) { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// A JSON-RPC error for `/mcp/` (what MCP clients show), `{"error": …}` elsewhere.
    static func refusal(_ status: HTTPResponse.Status, _ message: String, path: String) -> Response {
        path.hasPrefix("/mcp/") ? HTTPErrorReply(status, message).response : JSONResponse.problem(status, message)
    }
}
