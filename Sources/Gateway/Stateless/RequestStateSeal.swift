import Crypto
import Foundation
import JSON
import Store

/// What a user-approval `requestState` binds: the call it was asked for, who asked, and until when.
public struct ApprovalTicket: Sendable, Equatable {
    public var server: String
    public var tool: String
    /// SHA-256 (hex) of the arguments' canonical JSON (``ApprovalTicket/digest(of:)``).
    public var argumentsDigest: String
    public var grant: String
    /// Unix time in milliseconds after which the state is refused.
    public var expiresAtMs: Int64

    public init(server: String, tool: String, argumentsDigest: String, grant: String, expiresAtMs: Int64) {
        self.server = server
        self.tool = tool
        self.argumentsDigest = argumentsDigest
        self.grant = grant
        self.expiresAtMs = expiresAtMs
    }

    /// The digest a ticket keeps of a call's arguments (sorted keys, compact).
    public static func digest(of arguments: JSONValue) -> String {
        SHA256Hex.digest(of: Array(JSONWriter(sortedKeys: true).string(arguments).utf8))
    }
}

/// Why a `requestState` the gateway issued is refused on a retry (each is -32602 to the agent,
/// and an audited `message_refused`).
public enum RequestStateProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not in the gateway's format (cut short, not base64url, not JSON).
    case malformed
    /// The signature does not match the payload: altered, or signed by another installation.
    case badSignature
    case expired
    /// Signed for another call: the field that differs (`server`, `tool`, `arguments`, `grant`).
    case otherCall(field: String)

    /// The audit row's `problem`.
    public var rule: String {
        switch self {
        case .malformed: return "request_state_malformed"
        case .badSignature: return "request_state_signature"
        case .expired: return "request_state_expired"
        case .otherCall: return "request_state_other_call"
        }
    }

    public var description: String {
        switch self {
        case .malformed: return "Invalid params: requestState is not one the gateway issued"
        case .badSignature: return "Invalid params: requestState failed verification (it was altered or not signed by this gateway)"
        case .expired: return "Invalid params: requestState has expired; call the tool again to be asked anew"
        case .otherCall(let field): return "Invalid params: requestState was issued for another call (its \(field) differs)"
        }
    }
}

/// Signs and verifies the `requestState` of the gateway's own `input_required` answers
/// (MRTR user approvals): `gh1.<payload>.<mac>`, the payload base64url JSON of an
/// ``ApprovalTicket``, the mac base64url HMAC-SHA-256 over `gh1.<payload>` under the
/// installation's request-state key. Integrity, not secrecy: the payload holds only what the
/// agent sent (a digest of its arguments) and its grant's name.
///
/// Pure: the key and the time are given; every replica with the same installation key verifies
/// what any other signed.
public struct RequestStateSeal: Sendable {
    /// The HKDF purpose the key is derived under (``Store/ArgumentDigester/derivedKey(purpose:)``).
    public static let keyPurpose = "gatehouse request-state v1"
    static let prefix = "gh1."

    /// The key's bytes (`SymmetricKey` is not `Sendable`).
    let keyBytes: [UInt8]

    public init(key: SymmetricKey) {
        keyBytes = key.withUnsafeBytes { Array($0) }
    }

    init(keyBytes: [UInt8]) {
        self.keyBytes = keyBytes
    }

    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// Whether `state` is in the gateway's format (else it is an upstream's, passed through).
    public static func isGatewayState(_ state: String) -> Bool { state.hasPrefix(prefix) }

    public func seal(_ ticket: ApprovalTicket) -> String {
        let payload: JSONValue = [
            "server": .string(ticket.server), "tool": .string(ticket.tool), "args": .string(ticket.argumentsDigest),
            "grant": .string(ticket.grant), "exp": .int(ticket.expiresAtMs),
        ]
        let signed = Self.prefix + Base64URL.encode(Array(JSONWriter(sortedKeys: true).string(payload).utf8))
        return signed + "." + Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Array(signed.utf8), using: key)))
    }

    /// The ticket `state` carries when it is intact, unexpired at `now` and issued for `call`.
    public func verify(_ state: String, for call: ApprovalTicket, now: Date) -> Result<ApprovalTicket, RequestStateProblem> {
        guard state.hasPrefix(Self.prefix), let dot = state.lastIndex(of: "."), dot > state.index(state.startIndex, offsetBy: 3),
              let mac = Base64URL.decode(state[state.index(after: dot)...]) else { return .failure(.malformed) }
        let signed = state[..<dot]
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Array(signed.utf8), using: key) else {
            return .failure(.badSignature)
        }
        guard let bytes = Base64URL.decode(signed.dropFirst(Self.prefix.count)),
              let payload = try? JSONParser.parse(bytes: bytes),
              let server = payload["server"]?.stringValue, let tool = payload["tool"]?.stringValue,
              let args = payload["args"]?.stringValue, let grant = payload["grant"]?.stringValue,
              let expires = payload["exp"]?.intValue else { return .failure(.malformed) }
        let ticket = ApprovalTicket(server: server, tool: tool, argumentsDigest: args, grant: grant, expiresAtMs: expires)
        if Int64((now.timeIntervalSince1970 * 1_000).rounded(.down)) >= ticket.expiresAtMs { return .failure(.expired) }
        for (field, matches) in [("server", ticket.server == call.server), ("tool", ticket.tool == call.tool),
                                 ("arguments", ticket.argumentsDigest == call.argumentsDigest), ("grant", ticket.grant == call.grant)]
        where !matches {
            return .failure(.otherCall(field: field))
        }
        return .success(ticket)
    }
}
