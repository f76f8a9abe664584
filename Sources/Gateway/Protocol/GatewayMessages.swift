import Foundation
import JSON
import NIOCore
import Policy

/// The messages the gateway writes itself, rather than forwards: JSON-RPC errors and the tool
/// result that tells an agent why a call was refused.
public enum GatewayMessages {
    /// `{"jsonrpc":"2.0","id":ID,"error":{"code":…,"message":…}}`; a null id when none is known.
    public static func error(id: RequestID?, code: Int, message: String, data: JSONValue? = nil) -> ByteBuffer {
        var error: JSONObject = ["code": .int(Int64(code)), "message": .string(message)]
        if let data { error["data"] = data }
        let body = JSONWriter().string(.object(error))
        return ByteBuffer(string: #"{"jsonrpc":"2.0","id":\#(id?.json ?? "null"),"error":\#(body)}"#)
    }

    /// The error for bytes that are not an acceptable message.
    public static func error(for problem: JSONRPCParseError) -> ByteBuffer {
        error(id: problem.id, code: problem.code, message: problem.description)
    }

    /// `{"jsonrpc":"2.0","id":ID,"result":RESULT}` from a result's JSON text.
    public static func result(id: RequestID, json: String) -> ByteBuffer {
        ByteBuffer(string: #"{"jsonrpc":"2.0","id":\#(id.json),"result":\#(json)}"#)
    }

    /// A request the gateway sends upstream itself, e.g. a replayed `initialize`.
    public static func request(id: RequestID, method: String, paramsJSON: String?) -> ByteBuffer {
        let params = paramsJSON.map { #","params":\#($0)"# } ?? ""
        return ByteBuffer(string: #"{"jsonrpc":"2.0","id":\#(id.json),"method":\#(JSONText.quoted(method))\#(params)}"#)
    }

    /// A notification the gateway sends upstream itself (`notifications/initialized`, `notifications/cancelled`).
    public static func notification(method: String, params: JSONValue? = nil) -> ByteBuffer {
        let tail = params.map { #","params":\#(JSONWriter().string($0))"# } ?? ""
        return ByteBuffer(string: #"{"jsonrpc":"2.0","method":\#(JSONText.quoted(method))\#(tail)}"#)
    }

    /// `notifications/cancelled` for a request that will not be answered.
    public static func cancelled(_ id: RequestID, reason: String) -> ByteBuffer {
        notification(method: "notifications/cancelled", params: ["requestId": id.jsonValue, "reason": .string(reason)])
    }

    /// The answer to a `tools/call` the policy refused: a tool result with `isError: true`, so
    /// the model reads why and can adapt, instead of a protocol error its client would raise.
    ///
    /// The text is stable (agents and tests read it): it names the tool, the server, the rule
    /// and the reason, and when to retry. `_meta` carries the same facts for programs.
    public static func refusal(id: RequestID, refusal: Refusal) -> ByteBuffer {
        var meta: JSONObject = [
            "decision": .string(refusal.decision),
            "rule": .string(refusal.rule),
            "reason": .string(refusal.reason),
            "server": .string(refusal.server),
            "tool": .string(refusal.tool),
        ]
        if let retryAfter = refusal.retryAfter { meta["retryAfterSeconds"] = .int(Int64(retryAfter.rounded(.up))) }
        let result: JSONValue = [
            "content": [["type": "text", "text": .string(refusal.text)]],
            "isError": true,
            "_meta": [Refusal.metaKey: .object(meta)],
        ]
        return Self.result(id: id, json: JSONWriter().string(result))
    }
}

/// Why the gateway refused a `tools/call`, as the agent will read it.
public struct Refusal: Sendable, Equatable {
    /// The `_meta` key carrying the refusal's facts.
    public static let metaKey = "dev.gatehouse/refusal"

    public var server: String
    public var tool: String
    /// `deny`, `rate_limited`, `require_approval`.
    public var decision: String
    /// The rule's JSON pointer in the policy (`/tools/deleteOne*`), or a gateway reason (`gateway`).
    public var rule: String
    public var reason: String
    public var retryAfter: TimeInterval?

    public init(server: String, tool: String, decision: String, rule: String, reason: String, retryAfter: TimeInterval? = nil) {
        self.server = server
        self.tool = tool
        self.decision = decision
        self.rule = rule
        self.reason = reason
        self.retryAfter = retryAfter
    }

    /// The refusal of a policy decision that does not let the call through; nil for `allow`.
    public init?(server: String, tool: String, decision: Decision) {
        switch decision {
        case .allow:
            return nil
        case .deny(let reason, let rule):
            self.init(server: server, tool: tool, decision: decision.name, rule: rule.description, reason: reason)
        case .rateLimited(let reason, let retryAfter, let rule):
            self.init(server: server, tool: tool, decision: decision.name, rule: rule.description, reason: reason,
                      retryAfter: retryAfter)
        case .requireApproval(let rule, _):
            self.init(server: server, tool: tool, decision: decision.name, rule: rule.description,
                      reason: Self.approvalUnavailableReason(tool: tool))
        }
    }

    /// Until approvals exist (issue 6), a call that needs one is refused with this reason.
    public static func approvalUnavailableReason(tool: String) -> String {
        "tool '\(tool)' needs a person's approval, and this gateway cannot ask for approvals yet, so the call was refused"
    }

    /// `Gatehouse refused tools/call 'X' on server 'crm' (rule /tools/X): REASON. Retry after 12 seconds.`
    public var text: String {
        let verb = decision == "rate_limited" ? "rate-limited" : "refused"
        var text = "Gatehouse \(verb) the call to tool '\(tool)' on server '\(server)' (policy rule \(rule)): \(reason)"
        // An on_deny text is quoted verbatim, and often ends its own sentence.
        if !(reason.last.map { ".!?…".contains($0) } ?? false) { text += "." }
        if let retryAfter {
            text += " Retry after \(Int(retryAfter.rounded(.up))) seconds."
        }
        text += " The call did not reach the server."
        return text
    }
}
