import Policy

/// A 2026-07-28 call held for an admin's approval waits on its POST; its answer is then a stream
/// (keep-alive comments, then the answer), so intermediaries keep the request open and a client
/// that hangs up is noticed — the next write fails, the request is cancelled, and the approval
/// desk withdraws it.
extension StatelessGateway {
    /// Whether `message` is a call the policy holds for an admin (not one whose user is asked
    /// through `input_required`, which is answered at once).
    public func waitsForAdmin(_ message: JSONRPCMessage, grant: String, route: UpstreamRoute) -> Bool {
        guard message.method == "tools/call" else { return false }
        let policy = enforcer.policy(route.server)
        guard policy.mayRequireApproval,
              let call = ToolCall(message, grant: grant, session: Self.sessionKey(grant: grant)) else { return false }
        let decision: Decision
        switch policy.evaluate(call) {
        case .decided(let decided), .count(_, then: let decided): decision = decided
        }
        guard case .requireApproval(_, let options) = decision else { return false }
        return !(options.approver == .user && message.metaDeclaresClientCapability("elicitation"))
    }
}
