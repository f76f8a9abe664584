import Catalog
import JSON
import Policy

/// The sentences of a tool page, chosen from the classification — never from the tool's
/// identity — so they hold for servers nobody here has seen; their words are in the templates'
/// `prose.md` (``ProseTemplates``). Plain text: templates escape it.
struct ToolProse: Sendable {
    let prose: ProseTemplates

    /// Every entry of `prose.md`, and the fields it may use.
    static let entries: [String: Set<String>] = {
        var entries: [String: Set<String>] = [
            "what-it-does.read": ["tool", "server", "reach", "sensitive"], "what-it-does.read.reach": ["server"],
            "what-it-does.read.sensitive": ["sensitivity"],
            "faq.what.question": ["tool"], "faq.what.answer": ["does", "category", "server", "meaning", "advice"],
            "faq.what.no-description": [],
            "faq.risk.question": ["tool"], "faq.risk.answer": ["tool", "category", "level", "explanation"],
            "faq.risk.touches": ["sensitivity"], "faq.risk.guess": [],
            "faq.rate-limit.question": ["tool"], "faq.rate-limit.unnamed": ["tool"], "faq.rate-limit.limited": ["limits"],
            "faq.server.question": ["tool"], "faq.server.answer": ["tool", "server", "repository", "alongside"],
            "faq.server.alongside-one": [], "faq.server.alongside": ["count"],
        ]
        for action in ["approval", "deny", "allow"] { entries["faq.rate-limit." + action] = ["counter"] }
        for advice in ["unnamed", "limited", "allow", "approval", "deny"] { entries["advice." + advice] = [] }
        for category in ToolCategory.allCases {
            entries["category-meaning." + category.rawValue] = []
            entries["level-explanation." + category.rawValue] = []
            if category != .read { entries["what-it-does." + category.rawValue] = ["tool", "server"] }
        }
        for special in ["read.low", "read.medium", "write.high", "communicate.high", "destructive.critical", "execute.critical",
                        "financial.critical", "admin.critical"] {
            entries["level-explanation." + special] = []
        }
        return entries
    }()

    /// "AI agents use X to create or update records in S — …": what the tool does on its server.
    func whatItDoes(_ tool: String, server: String, _ c: ToolClassification) -> String {
        guard c.category == .read else { return prose.text("what-it-does." + c.category.rawValue, ["tool": tool, "server": server]) }
        return prose.text("what-it-does.read", [
            "tool": tool, "server": server,
            "reach": c.openWorld ? prose.text("what-it-does.read.reach", ["server": server]) : "",
            "sensitive": c.sensitivity.first.map {
                prose.text("what-it-does.read.sensitive", ["sensitivity": $0.displayName.lowercased()])
            } ?? "",
        ])
    }

    /// "it can create or modify data": the category in a few words.
    func categoryMeaning(_ category: ToolCategory) -> String {
        prose.text("category-meaning." + category.rawValue)
    }

    /// Why the level is what it is (docs/classification.md, "Risk levels").
    func levelExplanation(_ c: ToolClassification) -> String {
        let special: String? = switch (c.category, c.level) {
        case (.read, .low): "read.low"
        case (.read, .medium): "read.medium"
        case (.write, .high): "write.high"
        case (.communicate, .high), (.communicate, .critical): "communicate.high"
        case (.destructive, .critical), (.execute, .critical), (.financial, .critical), (.admin, .critical):
            c.category.rawValue + ".critical"
        default: nil
        }
        return prose.text("level-explanation." + (special ?? c.category.rawValue))
    }

    /// "Rate-limit it so …": the advice that goes with the recommended rule.
    func advice(_ rule: ToolRule?) -> String {
        guard let rule else { return prose.text("advice.unnamed") }
        switch rule.effectiveAction {
        case .allow where !rule.limits.isEmpty: return prose.text("advice.limited")
        case .allow: return prose.text("advice.allow")
        case .requireApproval: return prose.text("advice.approval")
        case .deny: return prose.text("advice.deny")
        }
    }

    /// The questions about a tool whose answers are its own, answered from its classification and
    /// recommended rule. Those with the same answer for every tool (how to enforce a policy, how
    /// to block a tool, how limits work) are on the site's FAQ page (`faq.md.mustache`).
    func faq(tool: String, server: CatalogServer, description: String, classification c: ToolClassification,
             recommendation: Recommendation?, serverToolCount: Int) -> [FAQEntry] {
        let does = description.isEmpty ? prose.text("faq.what.no-description") : Self.sentence(Self.firstSentences(description))
        let category = c.category.displayName
        let named = ["tool": tool]
        let what = prose.text("faq.what.answer", [
            "does": does, "category": category, "server": server.name, "meaning": categoryMeaning(c.category),
            "advice": advice(recommendation?.rule),
        ])
        let risk = [
            prose.text("faq.risk.answer", [
                "tool": tool, "category": category, "level": c.level.rawValue, "explanation": levelExplanation(c),
            ]),
            c.sensitivity.isEmpty ? "" : prose.text("faq.risk.touches", [
                "sensitivity": EnglishList.of(c.sensitivity.map { $0.displayName.lowercased() }),
            ]),
            c.confidence == .low ? prose.text("faq.risk.guess") : "",
        ].filter { !$0.isEmpty }.joined(separator: " ")
        let others = serverToolCount - 1
        let alongside = others > 1 ? prose.text("faq.server.alongside", ["count": String(others)])
            : others == 1 ? prose.text("faq.server.alongside-one") : ""
        let provider = prose.text("faq.server.answer", [
            "tool": tool, "server": ServerNaming.phrase(server.name), "repository": server.repository.map { " (\($0))" } ?? "",
            "alongside": alongside,
        ])
        return [
            FAQEntry(question: prose.text("faq.what.question", named), answer: what),
            FAQEntry(question: prose.text("faq.risk.question", named), answer: risk),
            FAQEntry(
                question: prose.text("faq.rate-limit.question", named), answer: rateLimitAnswer(tool: tool, rule: recommendation?.rule)),
            FAQEntry(question: prose.text("faq.server.question", named), answer: provider),
        ]
    }

    /// Answered with the tool's own recommended rule: its limits when it has some.
    private func rateLimitAnswer(tool: String, rule: ToolRule?) -> String {
        guard let rule, Recommender.canBeNamedInPolicy(tool) else { return prose.text("faq.rate-limit.unnamed", ["tool": tool]) }
        if !rule.limits.isEmpty {
            return prose.text("faq.rate-limit.limited", ["limits": JSONWriter().string(.array(rule.limits.map(\.json)))])
        }
        let counter: JSONValue = ["counter": .string(Recommender.counterName(for: tool)), "window": "minute", "max": 30, "scope": "grant"]
        let action = switch rule.effectiveAction {
        case .requireApproval: "approval"
        case .deny: "deny"
        case .allow: "allow"
        }
        return prose.text("faq.rate-limit." + action, ["counter": JSONWriter().string(counter)])
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

    /// The description's first one or two sentences as text (``DescriptionText``), at most about
    /// 300 characters, on one line.
    static func firstSentences(_ text: String, limit: Int = 300) -> String {
        let scalars = MarkdownEscaper.oneLine(DescriptionText.plain(text)).unicodeScalars
        guard scalars.count > limit else { return String(scalars) }
        let prefix = scalars.prefix(limit)
        if let end = prefix.lastIndex(where: { $0 == "." || $0 == "!" || $0 == "?" }),
           prefix.distance(from: prefix.startIndex, to: end) > 40 {
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
