import JSON

extension PolicyChecker {
    /// Warnings for allowed tools whose only limits count per session.
    ///
    /// A `session` budget starts afresh with every MCP session, and some clients open one per
    /// call (stateless clients, fastmcp's proxy): for them such a limit never refuses anything.
    /// That is fine for a tool that only reads, not for one that writes. `writingTools` names the
    /// server's tools that write (from the catalog); nil when unknown, and then every such rule is
    /// reported. Tools held for approval are left alone: a person guards them.
    public static func sessionScopeWarnings(for document: PolicyDocument, writingTools: [String]?) -> [PolicyProblem] {
        // A policy-wide limit counted per grant or in total guards every admitted call.
        guard document.limits.allSatisfy({ $0.scope == .session }) else { return [] }
        let policyWide = document.limits.indices.map { (JSONPointer(["limits", String($0)]), document.limits[$0]) }
        var problems: [PolicyProblem] = []
        for (key, rule) in document.tools where rule.effectiveAction == .allow && !rule.hide {
            let own = rule.limits.indices.map { (JSONPointer(["tools", key, "limits", String($0)]), rule.limits[$0]) }
                + (rule.rateLimit.map { [(JSONPointer(["tools", key, "rate_limit"]), $0.expanded(ruleKey: key))] } ?? [])
            let limits = own + policyWide
            guard let first = limits.first, limits.allSatisfy({ $0.1.scope == .session }) else { continue }
            let pattern = ToolPattern(key)
            let writing = writingTools?.filter { pattern?.matches($0) ?? ($0 == key) }
            if let writing, writing.isEmpty { continue }
            problems.append(PolicyProblem(.warning, at: first.0, sessionOnlyMessage(subject: "'\(key)'", writing: writing)))
        }
        if document.defaultAction == .allow, let first = policyWide.first {
            let unnamed = writingTools?.filter { name in !document.tools.contains { ToolPattern($0.key)?.matches(name) ?? ($0.key == name) } }
            if unnamed.map({ !$0.isEmpty }) ?? true {
                problems.append(PolicyProblem(.warning, at: first.0, sessionOnlyMessage(subject: "the tools no rule names", writing: unnamed)))
            }
        }
        return problems
    }

    private static func sessionOnlyMessage(subject: String, writing: [String]?) -> String {
        let never = "an agent that opens a new session for each call is never limited"
        guard let writing else {
            return "\(subject) is limited only per session: \(never). Unless it only reads, use \"scope\": \"grant\" (per credential)"
        }
        let shown = writing.prefix(3).map { "'\($0)'" }.joined(separator: ", ") + (writing.count > 3 ? ", …" : "")
        return "\(subject) is limited only per session, and it covers tools that write (\(shown)): \(never). "
            + "Use \"scope\": \"grant\" (per credential)"
    }
}
