import Gateway
import HTTPTypes
import Hummingbird
import JSON
import NIOCore

/// An HTTP error answer with a JSON-RPC error body, so MCP clients surface the message.
struct HTTPErrorReply: Error, Sendable {
    var status: HTTPResponse.Status
    var code: Int
    var message: String
    var id: Gateway.RequestID?
    var data: JSONValue?
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, code: Int = JSONRPCErrorCode.invalidRequest, _ message: String, id: Gateway.RequestID? = nil,
         data: JSONValue? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.id = id
        self.data = data
        self.headers = headers
    }

    var response: Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers,
                        body: ResponseBody(byteBuffer: GatewayMessages.error(id: id, code: code, message: message, data: data)))
    }

    static func parse(_ problem: JSONRPCParseError) -> HTTPErrorReply {
        HTTPErrorReply(.badRequest, code: problem.code, problem.description, id: problem.id)
    }

    /// 400 with MCP's -32020 (a header disagreeing with the body) or -32022 and `data.supported`
    /// (a revision the gateway does not speak).
    static func refusing(_ problem: StatelessProblem, id: Gateway.RequestID?) -> HTTPErrorReply {
        HTTPErrorReply(.badRequest, code: problem.code, problem.description, id: id, data: problem.data)
    }

    static let missingSession = HTTPErrorReply(.badRequest, "Bad Request: Missing session ID (send initialize first, then the Mcp-Session-Id it returns)")
    static let unknownSession = HTTPErrorReply(.notFound, "Session not found: it ended or never existed; start a new one with initialize")

    /// 404 for a session this replica does not hold. When its id names another replica, the
    /// request was routed to the wrong gateway: say so, for whoever set up the load balancer.
    static func unknownSession(_ id: String, here: ReplicaID) -> HTTPErrorReply {
        guard let owner = ReplicaID.owner(ofSession: id), owner != here.name else { return unknownSession }
        return HTTPErrorReply(.notFound, "Session not found: it is not held by this replica (\(here)); it was opened by replica \(owner). "
            + "Sessions are sticky: the load balancer must route every request carrying Mcp-Session-Id to the replica that opened it "
            + "(see docs/scaling.md). Start a new session with initialize if that replica is gone")
    }
}
