import Catalog
import Policy

/// A way a recommended rule can answer an attack pattern — the columns of the rule table that
/// `gatehouse catalog lint` checks (docs/classification.md, "Rule table"). Each is a fact about
/// the rule itself, not about the tool.
public enum RuleAnswer: String, Sendable, Equatable, CaseIterable {
    /// Every call waits for a person, or is refused.
    case gate
    /// The rule counts calls against a limit.
    case limit
    /// A condition on the URL argument limits the hosts.
    case hostCondition = "host-condition"
    /// A condition on the path argument limits the folders.
    case pathCondition = "path-condition"
    /// Conditions refuse calls that set credential inputs.
    case credentialGuard = "credential-guard"
    /// Calls over an amount, or without one, are refused.
    case amountCap = "amount-cap"

    /// Whether `rule`, recommended for a tool so classified, gives this answer.
    public func isGiven(by rule: ToolRule, for classification: ToolClassification) -> Bool {
        switch self {
        case .gate:
            return rule.effectiveAction == .requireApproval || rule.effectiveAction == .deny
        case .limit:
            return rule.effectiveAction != .allow || !rule.limits.isEmpty || rule.rateLimit != nil
        case .hostCondition:
            guard let url = classification.arguments.url else { return false }
            return rule.conditions.contains { $0.path == url }
        case .pathCondition:
            guard let path = classification.arguments.path else { return false }
            return rule.conditions.contains { $0.path == path }
        case .credentialGuard:
            guard case .inputs(let paths)? = classification.credentialChange else { return false }
            return paths.allSatisfy { path in rule.conditions.contains { $0.path == path && $0.op == .exists && $0.value == .bool(false) } }
        case .amountCap:
            return rule.effectiveAction == .requireApproval && rule.conditions.contains { $0.op == .lte }
        }
    }
}
