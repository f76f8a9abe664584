import Foundation
import JSON
import Store

extension ToolPin {
    /// `pinned`, or `changed` / `new` while a definition awaits approval.
    public var status: PinStatus {
        guard needsApproval else { return .pinned }
        return isNew ? .new : .changed
    }

    /// The pin as `GET /api/pins` and `gatehouse pins list --json` show it; a changed or new
    /// tool carries its `pinned` and `observed` definitions (JSON) and `changedAt`.
    public var json: JSONValue {
        var members: JSONObject = [
            "server": .string(server),
            "tool": .string(tool),
            "status": .string(status.rawValue),
            "hash": hash.isEmpty ? .null : .string(hash),
            "pinnedAt": isNew ? .null : .string(Timestamp.string(pinnedAt)),
            "approvedBy": approvedBy.isEmpty ? .null : .string(approvedBy),
        ]
        if needsApproval {
            members["pinned"] = definition.isEmpty ? .null : Self.value(definition)
            members["observed"] = pendingDefinition.map(Self.value) ?? .null
            members["changedAt"] = changedAt.map { .string(Timestamp.string($0)) } ?? .null
        }
        return .object(members)
    }

    private static func value(_ text: String) -> JSONValue {
        (try? JSONParser.parse(text)) ?? .string(text)
    }
}
