import JSON
import NIOCore

/// The gateway's answer to a request an upstream sends on a pooled connection.
///
/// The gateway initializes pooled connections with no client capabilities (and a 2026-07-28
/// upstream sends none at all): a connection is shared by many agents' requests, and a request
/// of the upstream's names none of them, so there is nobody to relay sampling, elicitation or
/// roots to. The answer says exactly that — MCP's MissingRequiredClientCapability (-32021) with
/// the capability in `data.requiredCapabilities` — and is audited; `ping` is answered; anything
/// else is a method the gateway, as a client, does not have (-32601).
struct UpstreamRequestRefusal: Equatable, Sendable {
    let method: String
    let server: String

    /// The client capability the method needs, for the requests MCP defines of a client.
    var capability: String? {
        switch method {
        case "sampling/createMessage": return "sampling"
        case "elicitation/create": return "elicitation"
        case "roots/list": return "roots"
        default: return nil
        }
    }

    /// Whether the refusal is worth an audit row: the upstream wanted an agent's (or a person's) help.
    var isAudited: Bool { capability != nil }

    /// Why the request was not relayed, as the audit row and the error's message say it.
    var reason: String {
        "\(method) from upstream \(server) cannot reach an agent: the gateway shares this connection among sessionless (2026-07-28) agents and declared no \(capability ?? method) capability on it"
    }

    /// The JSON-RPC answer to the upstream's request `id`.
    func answer(id: RequestID) -> ByteBuffer {
        if method == "ping" { return GatewayMessages.result(id: id, json: "{}") }
        guard let capability else {
            return GatewayMessages.error(id: id, code: JSONRPCErrorCode.methodNotFound,
                                         message: "Method not found: the gateway, as this connection's client, does not serve \(method)")
        }
        return GatewayMessages.error(id: id, code: JSONRPCErrorCode.missingRequiredClientCapability, message: reason,
                                     data: ["requiredCapabilities": [capability: .emptyObject]])
    }
}
