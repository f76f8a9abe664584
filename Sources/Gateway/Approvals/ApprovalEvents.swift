import Foundation
import JSON
import Store

/// The audit rows of held calls: `approval_requested` when a call is held, `approval_decided`
/// when it ends (`decision`: approved, denied, timed_out, withdrawn, interrupted), with who
/// decided and their note. The `/approvals` page and the dashboard tail these rows.
public enum ApprovalEvents {
    public static func requested(_ request: ApprovalRequest, reason: String? = nil) -> AuditEntry {
        AuditEntry(time: request.requestedAt, kind: .approvalRequested, grant: request.grant, session: request.session,
                   server: request.server, tool: request.tool, decision: "pending", rule: request.rule, reason: reason,
                   argumentsDigest: nil, detail: detail(request))
    }

    public static func decided(_ request: ApprovalRequest) -> AuditEntry {
        var detail = detail(request)
        if case .object(var members) = detail {
            members["decidedBy"] = request.decidedBy.map(JSONValue.string) ?? .null
            members["note"] = request.note.map(JSONValue.string) ?? .null
            detail = .object(members)
        }
        return AuditEntry(time: request.decidedAt ?? Date(), kind: .approvalDecided, grant: request.grant, session: request.session,
                          server: request.server, tool: request.tool, decision: request.status.rawValue, rule: request.rule,
                          reason: request.note, detail: detail)
    }

    private static func detail(_ request: ApprovalRequest) -> JSONValue {
        [
            "approval": .string(request.id),
            "approver": .string(request.approver),
            "expiresAt": .string(Timestamp.string(request.expiresAt)),
            "replica": .string(request.replica),
        ]
    }
}
