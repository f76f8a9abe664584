import Foundation
import JSON
import Store

extension ApprovalRequest {
    /// The request as the API, the webhook and `gatehouse approvals --json` show it: `arguments`
    /// as the JSON object, times in ISO 8601, and `reason` in words.
    public var json: JSONValue {
        var members: JSONObject = [
            "id": .string(id),
            "server": .string(server),
            "tool": .string(tool),
            "arguments": (try? JSONParser.parse(arguments)) ?? .string(arguments),
            "grant": .string(grant),
            "session": .string(session),
            "rule": .string(rule),
            "reason": .string("policy rule \(rule) requires a person's approval"),
            "risk": risk.map(JSONValue.string) ?? .null,
            "approver": .string(approver),
            "requestedAt": .string(Timestamp.string(requestedAt)),
            "expiresAt": .string(Timestamp.string(expiresAt)),
            "status": .string(status.rawValue),
        ]
        if let decidedAt { members["decidedAt"] = .string(Timestamp.string(decidedAt)) }
        if let decidedBy { members["decidedBy"] = .string(decidedBy) }
        if let note { members["note"] = .string(note) }
        return .object(members)
    }
}
