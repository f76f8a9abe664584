/// Which kind of rule a careful operator starts from for a tool, and why — the threats first,
/// then the category × level table (docs/classification.md, "Recommended rules"):
///
/// | the tool | rule |
/// |---|---|
/// | its definition speaks to the model (poisoned) | approval |
/// | runs code, shell or SQL the caller writes | deny at critical risk, else approval |
/// | moves money or changes billing | approval, with an amount cap where the schema has an amount |
/// | changes credentials, keys, permissions (by name, description or input) | approval |
/// | reaches people on the user's behalf (mail, SMS, invitations, public posts) | approval |
/// | deletes data for good, in bulk or one record at a time | approval |
/// | starts jobs; changes access or settings | approval |
/// | rewrites a stored prompt or instructions with text it is given | approval |
/// | overwrites records in a third-party service that keeps no history | approval |
/// | fetches, browses or sends requests to a URL it is given | host condition |
/// | reads or writes a file path it is given | path condition |
/// | can carry credentials in optional inputs | credential guard |
/// | reads secrets; reads the open world; was guessed | limit |
/// | reads closed-world data | allow |
/// | writes, messages | limit (30, 10 a minute; 10 when high) |
enum RecommendationRules {
    struct Decision: Equatable {
        var kind: RuleKind
        /// The clause that says why, for the summary and the deny reason: "it changes credentials".
        var because: String
        /// For limits: calls a minute.
        var perMinute: Int = 30
    }

    static func decide(_ c: ToolClassification) -> Decision {
        if let finding = c.poisoning.first {
            return Decision(kind: .approval, because: "its definition \(finding.kind.summary), so nothing it says about itself can be trusted")
        }
        if c.category == .execute {
            if c.level == .critical { return Decision(kind: .deny, because: "it runs code or commands chosen by the caller") }
            return Decision(kind: .approval, because: "it starts work that runs code on your systems")
        }
        if c.category == .financial {
            return Decision(kind: c.arguments.amounts.isEmpty ? .approval : .approvalWithCap, because: "it moves money or changes what someone is billed")
        }
        if case .object(let evidence)? = c.credentialChange {
            return Decision(kind: .approval, because: "it changes credentials or access (\(evidence.text))")
        }
        if c.category == .communicate, c.level >= .high || c.arguments.recipients != nil {
            return Decision(kind: .approval, because: "what it sends reaches people in your name and cannot be unsent")
        }
        if c.arguments.recipients != nil, !c.readOnly {
            return Decision(kind: .approval, because: "it reaches the people in '\(c.arguments.recipients!.segments.joined(separator: "."))' in your name")
        }
        if c.isRequestTool, c.poisoning.isEmpty {
            return Decision(kind: .hostCondition, because: "it sends requests, of whatever method it is given, to whatever URL it is given")
        }
        switch c.category {
        case .destructive: return Decision(kind: .approval, because: "what it destroys cannot be brought back")
        case .admin: return Decision(kind: .approval, because: "it changes who can do what")
        default: break
        }
        if c.level == .critical { return Decision(kind: .approval, because: "one call changes a great deal") }
        if let text = c.rewritesInstructions {
            return Decision(kind: .approval, because: "it rewrites what a model will later be told (\(text.text)), so one injected call leaves instructions behind")
        }
        if c.destructive, c.openWorld, !c.openWorldByDefault, c.destructiveKind == .overwrite, !c.isVersioned {
            return Decision(kind: .approval, because: "it overwrites records in a service that keeps no history of them")
        }
        if c.arguments.url != nil {
            return Decision(kind: .hostCondition, because: "it sends requests to whatever URL it is given")
        }
        if c.arguments.path != nil {
            return Decision(kind: .pathCondition, because: "it works on whatever file path it is given")
        }
        if case .inputs? = c.credentialChange {
            return Decision(kind: .credentialGuard, because: "some calls can set credentials")
        }
        if c.readOnly {
            if c.isGuess { return Decision(kind: .limit, because: "its definition does not say what it does, so it is taken to read", perMinute: 30) }
            if c.sensitivity.contains(.credentials) { return Decision(kind: .limit, because: "what it returns can include secrets", perMinute: 10) }
            if c.openWorld { return Decision(kind: .limit, because: "what it sends out (a query, an id) can carry data away", perMinute: 60) }
            return Decision(kind: .allow, because: "it only reads closed-world data")
        }
        switch RecommendationTable.kind(for: c.category, level: c.level) {
        case .limit(let perMinute): return Decision(kind: .limit, because: "it changes data", perMinute: perMinute)
        case .allow: return Decision(kind: .allow, because: "it only reads")
        case .requireApproval: return Decision(kind: .approval, because: "one call changes a great deal")
        case .deny: return Decision(kind: .deny, because: "it runs code or commands chosen by the caller")
        }
    }
}
