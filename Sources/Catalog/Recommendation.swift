import Policy

/// The rule we recommend for a tool, and what it does in one sentence.
public struct Recommendation: Sendable, Equatable {
    /// The rule's key in `tools` (the tool's name).
    public var key: String
    public var rule: ToolRule
    /// One sentence for the page: "UpdateOneConnectedAccount stays usable, but capped — …".
    public var summary: String
    /// What kind of rule it is, for `gatehouse catalog lint`.
    public var kind: RuleKind
    /// Why this kind, in a clause: "it changes credentials or access (…)".
    public var because: String

    public init(key: String, rule: ToolRule, summary: String, kind: RuleKind = .allow, because: String = "") {
        self.key = key
        self.rule = rule
        self.summary = summary
        self.kind = kind
        self.because = because
    }

    /// A whole `policy.json` holding just this rule: default deny, this tool with its rule.
    public var policy: PolicyDocument {
        PolicyDocument(defaultAction: .deny, tools: [(key, rule)])
    }
}
