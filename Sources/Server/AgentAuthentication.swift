import Foundation
import Gateway
import HTTPTypes
import Hummingbird
import Store

/// Who is calling: the grant behind a bearer token, or everyone when auth is off (loopback only).
public enum AgentAuthentication: Sendable {
    /// `Authorization: Bearer <token>` must name an active grant.
    case grants(GrantAuthenticator)
    /// No token needed; every agent acts as the grant named here (for `--no-auth`).
    case disabled(actingAs: String)

    /// An authenticated caller.
    struct Agent: Sendable {
        var grant: String
        /// nil: every server.
        var servers: Set<String>?

        func covers(_ server: String) -> Bool {
            servers?.contains(server) ?? true
        }
    }

    /// The caller, or the HTTP error to answer (401 for no or bad token, 503 when the grant
    /// store cannot be read: fail closed).
    func agent(for request: Request) async -> Result<Agent, HTTPErrorReply> {
        switch self {
        case .disabled(let name):
            return .success(Agent(grant: name, servers: nil))
        case .grants(let authenticator):
            guard let token = Self.bearerToken(request.headers[.authorization]) else {
                return .failure(Self.unauthorized("Unauthorized: send Authorization: Bearer <token> (create one with `gatehouse grant create`)"))
            }
            do {
                guard let grant = try await authenticator.authenticate(token: token) else {
                    return .failure(Self.unauthorized("Unauthorized: the bearer token is unknown or revoked"))
                }
                return .success(Agent(grant: grant.name, servers: Set(grant.servers)))
            } catch {
                return .failure(HTTPErrorReply(.serviceUnavailable, code: JSONRPCErrorCode.internalError,
                                               "Service Unavailable: policy state unavailable (the gateway cannot read its grants), so the request is refused"))
            }
        }
    }

    /// The token of an `Authorization: Bearer <token>` header (the scheme in any case, spaces
    /// and tabs around the token ignored — tabs are more than RFC 7235 allows, and harmless: the
    /// token must still match a grant), or nil.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let bytes = header.utf8
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let schemeStart = bytes.firstIndex(where: { !isBlank($0) }),
              let schemeEnd = bytes[schemeStart...].firstIndex(where: isBlank),
              bytes[schemeStart..<schemeEnd].elementsEqual("bearer".utf8, by: { $0 | 0x20 == $1 }),
              let tokenStart = bytes[schemeEnd...].firstIndex(where: { !isBlank($0) }),
              let tokenLast = bytes.lastIndex(where: { !isBlank($0) })
        else { return nil }
        return String(Substring(bytes[tokenStart...tokenLast]))
    }

    static func unauthorized(_ message: String) -> HTTPErrorReply {
        HTTPErrorReply(.unauthorized, message, headers: [.wwwAuthenticate: #"Bearer realm="gatehouse""#])
    }
}
