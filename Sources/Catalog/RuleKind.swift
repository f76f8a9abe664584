/// The kinds of rule a recommendation can be — what `gatehouse catalog lint` checks against the
/// attack patterns a page links (``ThreatRuleTable``).
public enum RuleKind: String, Sendable, Equatable, CaseIterable {
    /// Allowed as is.
    case allow
    /// Allowed, at most N calls a minute per grant.
    case limit
    /// Allowed only to hosts the operator lists (a condition on the URL argument).
    case hostCondition = "host-condition"
    /// Allowed only inside folders the operator lists (a condition on the path argument).
    case pathCondition = "path-condition"
    /// Allowed, but calls that set credentials are refused with a reason that sends them to a person.
    case credentialGuard = "credential-guard"
    /// Every call waits for a person.
    case approval
    /// Every call waits for a person, and amounts over a cap are refused outright.
    case approvalWithCap = "approval-with-cap"
    /// Refused, with a reason the agent reads.
    case deny

    /// Every call is held for a person or refused.
    public var gatesEveryCall: Bool { [.approval, .approvalWithCap, .deny].contains(self) }
}
