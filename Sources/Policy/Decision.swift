import Foundation
import JSON

/// Which part of a policy decided a call: a tool rule, the default, or a policy-wide limit.
public struct RuleReference: Sendable, Hashable, CustomStringConvertible {
    /// Where the rule is in the document: `/tools/UpdateOneConnectedAccount`, `/default`, `/limits/0`.
    public var pointer: JSONPointer

    public init(pointer: JSONPointer) {
        self.pointer = pointer
    }

    public static let defaultRule = RuleReference(pointer: JSONPointer(["default"]))

    public static func tool(_ key: String) -> RuleReference {
        RuleReference(pointer: JSONPointer(["tools", key]))
    }

    public var description: String { pointer.description }
}

/// What the policy says about a call.
public enum Decision: Sendable, Equatable {
    /// Forward the call.
    case allow(rule: RuleReference)
    /// Refuse it; the agent reads `reason`.
    case deny(reason: String, rule: RuleReference)
    /// Hold it until a person approves.
    case requireApproval(rule: RuleReference, approval: ApprovalOptions)
    /// Refuse it for now; it may succeed after `retryAfter` seconds (nil: never, as the call
    /// alone exceeds the budget).
    case rateLimited(reason: String, retryAfter: TimeInterval?, rule: RuleReference)

    /// The decision's name as printed and audited: allow, deny, require_approval, rate_limited.
    public var name: String {
        switch self {
        case .allow: return "allow"
        case .deny: return "deny"
        case .requireApproval: return "require_approval"
        case .rateLimited: return "rate_limited"
        }
    }

    public var rule: RuleReference {
        switch self {
        case .allow(let rule), .deny(_, let rule), .requireApproval(let rule, _), .rateLimited(_, _, let rule):
            return rule
        }
    }

    public var reason: String? {
        switch self {
        case .deny(let reason, _), .rateLimited(let reason, _, _): return reason
        case .allow, .requireApproval: return nil
        }
    }

    public var isAllowed: Bool {
        if case .allow = self { return true }
        return false
    }
}
