import Catalog
import JSON
import Policy

/// The sentences of a tool page, written from the classification — never from the tool's
/// identity — so they hold for servers nobody here has seen. Plain text: templates escape it.
enum ToolProse {
    /// "AI agents use X to create or update records in S — …": what the tool does on its server.
    static func whatItDoes(_ tool: String, server: String, _ c: ToolClassification) -> String {
        switch c.category {
        case .read:
            let reach = c.openWorld ? ", including pages and systems outside \(server)" : ""
            let sensitive = c.sensitivity.first.map { " It changes nothing, but what it returns enters the agent's context, and here that can include \($0.displayName.lowercased())." }
                ?? " It changes nothing, but what it returns enters the agent's context."
            return "AI agents use \(tool) to look things up in \(server)\(reach) — usually to gather context before they act.\(sensitive)"
        case .write:
            return "AI agents use \(tool) to create or update data in \(server) — usually the action step of a workflow, after the agent has gathered context. Every call changes real data in your \(server) environment."
        case .destructive:
            return "AI agents use \(tool) to delete or overwrite data in \(server). Every call can destroy something in your \(server) environment that cannot be brought back."
        case .execute:
            return "AI agents use \(tool) to run code, commands or jobs through \(server). Every call does work on your systems that the agent chose."
        case .communicate:
            return "AI agents use \(tool) to send messages through \(server) that people read. Every call speaks for you, and what is sent cannot be unsent."
        case .financial:
            return "AI agents use \(tool) to move money or change billing in \(server). Every call has a cost that someone pays."
        case .admin:
            return "AI agents use \(tool) to change who can do what in \(server): permissions, members, keys or settings. Every call changes access to your \(server) environment."
        }
    }

    /// "it can create or modify data": the category in a few words.
    static func categoryMeaning(_ category: ToolCategory) -> String {
        switch category {
        case .read: return "only reads data and changes nothing"
        case .write: return "can create or modify data"
        case .destructive: return "can delete or irreversibly overwrite data"
        case .execute: return "runs code, commands, queries or jobs"
        case .communicate: return "sends messages that people read"
        case .financial: return "moves money or changes what someone is billed"
        case .admin: return "changes permissions, members, keys or settings"
        }
    }

    /// Why the level is what it is (docs/classification.md, "Risk levels").
    static func levelExplanation(_ c: ToolClassification) -> String {
        switch (c.category, c.level) {
        case (.read, .low): return "it only reads, touches nothing sensitive and reaches nothing outside"
        case (.read, .medium): return "it only reads, but what it returns can be sensitive or come from outside systems"
        case (.read, _): return "what it returns can reveal credentials"
        case (.write, .high): return "one call can change many records at once, or infrastructure"
        case (.write, _): return "it changes data, in a way that can be put back"
        case (.communicate, .high), (.communicate, .critical): return "what it sends can reach many or outside recipients"
        case (.communicate, _): return "what it sends reaches people and cannot be unsent"
        case (.destructive, .critical): return "one call can destroy many records or a whole container (a repository, database, project…)"
        case (.destructive, _): return "what it deletes or overwrites cannot be brought back"
        case (.execute, .critical): return "it runs code or commands that the caller writes"
        case (.execute, _): return "it starts jobs that run on your systems"
        case (.financial, .critical): return "it moves money"
        case (.financial, _): return "it changes what someone is billed"
        case (.admin, .critical): return "it changes credentials, permissions or access"
        case (.admin, _): return "it changes settings or membership"
        }
    }

    /// "Rate-limit it so …": the advice that goes with the recommended rule.
    static func advice(_ rule: ToolRule?) -> String {
        guard let rule else { return "It cannot be named in a policy rule ('*' is a wildcard there), so a default-deny policy denies it." }
        switch rule.effectiveAction {
        case .allow where !rule.limits.isEmpty: return "Rate-limit it, so an agent stuck in a loop cannot make hundreds of changes."
        case .allow: return "Reads like this can usually be allowed."
        case .requireApproval: return "Have a person approve each call."
        case .deny: return "Deny it, and let a person run it when it is needed."
        }
    }

    /// The rule in a few words, for tables: "allow", "limit 30/minute", "approval", "deny".
    static func ruleName(_ rule: ToolRule?) -> String {
        guard let rule else { return "default deny" }
        switch rule.effectiveAction {
        case .allow:
            if let limit = rule.limits.first {
                return "limit \(JSONWriter().string(.number(limit.max)))/\(limit.window.name ?? "\(Int(limit.window.seconds))s")"
            }
            return "allow"
        case .requireApproval: return rule.conditions.isEmpty ? "approval" : "approval + cap"
        case .deny: return "deny"
        }
    }

    /// The questions about a tool whose answers are its own, answered from its classification and
    /// recommended rule. Those with the same answer for every tool (how to enforce a policy, how
    /// to block a tool, how limits work) are on the site's FAQ page (`faq.md.mustache`).
    static func faq(tool: String, server: CatalogServer, description: String, classification c: ToolClassification,
                    recommendation: Recommendation?, serverToolCount: Int) -> [FAQEntry] {
        let does = description.isEmpty ? "Its definition gives no description." : sentence(firstSentences(description))
        let category = c.category.displayName
        var entries = [
            FAQEntry(
                question: "What does the \(tool) tool do?",
                answer: "\(does) It is categorised as a \(category) tool on \(server.name), which means it \(categoryMeaning(c.category)). \(advice(recommendation?.rule))"),
            FAQEntry(
                question: "What risk level is \(tool)?",
                answer: "\(tool) is a \(category) tool with \(c.level.rawValue) risk: \(levelExplanation(c)).\(sensitivitySentence(c))\(c.confidence == .low ? " Its definition says little about what it does, so this is a cautious guess." : "")"),
            FAQEntry(question: "Can I rate-limit \(tool)?", answer: rateLimitAnswer(tool: tool, rule: recommendation?.rule)),
        ]
        let repository = server.repository.map { " (\($0))" } ?? ""
        let others = serverToolCount - 1
        entries.append(FAQEntry(
            question: "What MCP server provides \(tool)?",
            answer: "\(tool) is provided by \(ServerNaming.phrase(server.name))\(repository)\(others > 0 ? ", alongside \(others) other tool\(others == 1 ? "" : "s") in this catalog" : ""). Gatehouse sits in front of that server as a proxy and enforces your policy before any call reaches it."))
        return entries
    }

    private static func sensitivitySentence(_ c: ToolClassification) -> String {
        guard !c.sensitivity.isEmpty else { return "" }
        return " It touches " + EnglishList.of(c.sensitivity.map { $0.displayName.lowercased() }) + "."
    }

    /// Answered with the tool's own recommended rule: its limits when it has some.
    private static func rateLimitAnswer(tool: String, rule: ToolRule?) -> String {
        guard let rule, Recommender.canBeNamedInPolicy(tool) else {
            return "Not by name: '*' in a rule key is a wildcard, so a rule for \(tool) would also match other tools. A policy-wide limit (the top-level \"limits\") counts every call, this one included."
        }
        if !rule.limits.isEmpty {
            let limits = JSONWriter().string(.array(rule.limits.map(\.json)))
            return "Yes, and the recommended rule above does: {\"limits\": \(limits)}. Change max or window to suit; a call past the limit is refused with the time to retry."
        }
        let counter: JSONValue = ["counter": .string(Recommender.counterName(for: tool)), "window": "minute", "max": 30, "scope": "grant"]
        switch rule.effectiveAction {
        case .requireApproval:
            return "Yes, but the recommended rule already has a person approve each call, which is stricter. To let calls through without approval up to a limit instead, give the rule \"action\": \"allow\" and {\"limits\": [\(JSONWriter().string(counter))]}."
        case .deny:
            return "The recommended rule denies it. To allow it a few times instead, give the rule \"action\": \"allow\" and {\"limits\": [\(JSONWriter().string(counter))]}."
        case .allow:
            return "Yes: the recommended rule allows it without a limit; add {\"limits\": [\(JSONWriter().string(counter))]} to it to cap each grant at 30 calls a minute."
        }
    }

    /// The description's first one or two sentences as text (``DescriptionText``), at most about
    /// 300 characters, on one line.
    static func firstSentences(_ text: String, limit: Int = 300) -> String {
        let scalars = MarkdownEscaper.oneLine(DescriptionText.plain(text)).unicodeScalars
        guard scalars.count > limit else { return String(scalars) }
        let prefix = scalars.prefix(limit)
        if let end = prefix.lastIndex(where: { $0 == "." || $0 == "!" || $0 == "?" }), prefix.distance(from: prefix.startIndex, to: end) > 40 {
            return String(String.UnicodeScalarView(prefix[...end]))
        }
        return String(String.UnicodeScalarView(prefix.prefix(limit - 1))) + "…"
    }

    /// The text ending in a full stop (or other closing punctuation).
    static func sentence(_ text: String) -> String {
        guard let last = text.unicodeScalars.last, !".!?…:".unicodeScalars.contains(last) else { return text }
        return text + "."
    }

    /// The first sentence of the description as text (ending after 20 characters, before 200), for lists.
    static func firstSentence(_ text: String) -> String {
        let scalars = MarkdownEscaper.oneLine(DescriptionText.plain(text)).unicodeScalars
        var previous: Unicode.Scalar = " "
        var offset = 0
        for (index, scalar) in zip(scalars.indices, scalars) {
            if offset >= 200 { break }
            if offset > 20, previous == "." || previous == "!" || previous == "?", scalar == " " {
                return String(String.UnicodeScalarView(scalars[..<index]))
            }
            previous = scalar
            offset += 1
        }
        return offset >= 200 && scalars.count > 200 ? String(String.UnicodeScalarView(scalars.prefix(199))) + "…" : String(scalars)
    }
}
