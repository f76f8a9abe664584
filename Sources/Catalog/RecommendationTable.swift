/// The documented table from a tool's category and level to the rule we recommend
/// (docs/classification.md, "Recommended rules").
///
/// | category | low | medium | high | critical |
/// |---|---|---|---|---|
/// | read | allow | allow | require approval | require approval |
/// | write | 30/minute | 30/minute | 10/minute | require approval |
/// | communicate | 10/minute | 10/minute | require approval | require approval |
/// | destructive | require approval | require approval | require approval | require approval |
/// | execute | require approval | require approval | require approval | deny, with a reason |
/// | financial | approval + amount cap | approval + amount cap | approval + amount cap | approval + amount cap |
/// | admin | require approval | require approval | require approval | require approval |
///
/// Limits count per grant (the credential an agent uses), in a rolling window, on a counter
/// named after the tool: lowercased name + `_rate`. Amount caps apply where the input schema has
/// an amount-like number (see ``AmountCaps``).
public enum RecommendationTable {
    /// What kind of rule a cell holds.
    public enum Kind: Sendable, Equatable {
        case allow
        /// At most `max` calls a minute per grant.
        case limit(perMinute: Int)
        case requireApproval
        case deny
    }

    public static func kind(for category: ToolCategory, level: RiskLevel) -> Kind {
        switch category {
        case .read:
            return level >= .high ? .requireApproval : .allow
        case .write:
            switch level {
            case .low, .medium: return .limit(perMinute: 30)
            case .high: return .limit(perMinute: 10)
            case .critical: return .requireApproval
            }
        case .communicate:
            return level >= .high ? .requireApproval : .limit(perMinute: 10)
        case .execute:
            return level == .critical ? .deny : .requireApproval
        case .destructive, .financial, .admin:
            return .requireApproval
        }
    }
}
