import Foundation
import Store

/// A person's decision on a held call, as the API and `gatehouse approvals` take it: written to
/// the store (which wakes the gateway holding the call, wherever it runs) and to the audit log.
public enum ApprovalDecision {
    /// Decides a pending request. Throws ``StoreError/notFound(_:)`` for an unknown id and
    /// ``StoreError/conflict(_:)`` when it was already decided.
    public static func decide(
        id: String, verdict: Store.ApprovalVerdict, by approver: String, note: String?, approvals: any ApprovalStore,
        audit: any AuditStore, at now: Date = Date()
    ) async throws -> ApprovalRequest {
        let decided = try await approvals.decide(id: id, verdict: verdict, by: approver, note: note, at: now)
        _ = try await audit.append([ApprovalEvents.decided(decided)])
        return decided
    }
}
