import HTTPTypes
import Hummingbird

/// The admin token check for `/api/*` endpoints that change state or expose audit data.
///
/// The token comes only from `Authorization: Bearer` (never a cookie, so a page on another
/// site cannot borrow it). Without a configured token those endpoints are closed everywhere —
/// loopback included, since any local process or browser tab can reach loopback.
public struct AdminAuthorization: Sendable {
    /// `adminToken` in gatehouse.json or `$GATEHOUSE_ADMIN_TOKEN`; nil closes the admin API.
    let token: String?

    public init(token: String?) {
        self.token = token
    }

    /// What to tell someone who calls an admin endpoint on a gateway without a token.
    public static let closedMessage =
        "the admin API is closed: set \"adminToken\" in gatehouse.json (or the GATEHOUSE_ADMIN_TOKEN environment variable) and send it as Authorization: Bearer <adminToken>"

    /// nil when the request carries the admin token; otherwise the answer to send: 403 when no
    /// token is configured, 401 when it is missing or wrong.
    func refusal(_ request: Request) -> Response? {
        guard let token else { return JSONResponse.problem(.forbidden, Self.closedMessage) }
        guard let sent = AgentAuthentication.bearerToken(request.headers[.authorization]) else {
            return JSONResponse.problem(.unauthorized, "send Authorization: Bearer <adminToken>", headers: Self.challenge)
        }
        guard Self.constantTimeEquals(sent, token) else {
            return JSONResponse.problem(.unauthorized, "the admin token is wrong", headers: Self.challenge)
        }
        return nil
    }

    private static let challenge: HTTPFields = [.wwwAuthenticate: #"Bearer realm="gatehouse-admin""#]

    /// Compares without stopping at the first difference, so timing tells nothing about the token.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
