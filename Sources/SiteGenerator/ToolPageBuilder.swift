import Foundation
import Catalog
import JSON
import Policy

/// Builds the model and head of one tool's page from its server's plan.
struct ToolPageBuilder: Sendable {
    let plan: ServerPlan
    let site: SiteFacts
    /// Each tool of the server as `tool-item` renders it, for the related-tools lists.
    let itemsHTML: [String]
    let prose: ToolProse

    func page(for index: Int) -> (model: ToolPage, head: PageHead) {
        let server = plan.server
        let tool = server.tools[index]
        let c = plan.classifications[index]
        let recommendation = plan.recommendations[index]
        let location = plan.toolLocation(index)
        let policyText = recommendation?.policy.prettyText
        let patterns = site.patterns.patterns(for: c)
        let model = ToolPage(
            root: location.root, homeURL: location.link(to: .home), serverURL: location.link(to: plan.location),
            name: tool.name, title: tool.title ?? tool.annotations.title ?? "", serverName: server.name, serverID: server.id,
            serverRepository: server.repository ?? "", serverRepositoryURL: RepositoryURL.github(server.repository) ?? "",
            serverToolCount: server.tools.count, catalogToolCount: site.toolCountText, catalogServerCount: site.serverCountText,
            level: c.level.rawValue, levelName: c.level.displayName, category: c.category.rawValue, categoryName: c.category.displayName,
            categoryMeaning: prose.categoryMeaning(c.category), levelExplanation: prose.levelExplanation(c),
            readOnly: c.readOnly, destructive: c.destructive, reversible: c.reversible, openWorld: c.openWorld,
            flags: Self.flags(c),
            sensitivities: c.sensitivity.map { Label(id: $0.rawValue.replacingUnderscores(), name: $0.displayName) },
            lowConfidence: c.confidence == .low,
            poisoned: !c.poisoning.isEmpty, poisoning: c.poisoning.map(PoisoningNotice.init),
            poisoningPatternURL: location.link(to: .attackPattern(Self.poisoningPatternID)),
            hintRows: HintRow.rows(c, declared: tool.annotations), declaresHints: Self.declaresHints(tool.annotations),
            hintsDisagree: !c.hintDisagreements.isEmpty,
            suggestedAnnotationsMarkdown: MarkdownEscaper.fencedCodeBlock(
                JSONWriter(style: .pretty).string(["annotations": c.suggestedAnnotations.json]), info: "json"),
            descriptionLanguage: c.descriptionLanguage ?? "",
            hostGuard: Self.guardNote(recommendation, argument: c.arguments.url, placeholder: ArgumentGuard.placeholderHost),
            pathGuard: Self.guardNote(recommendation, argument: c.arguments.path, placeholder: ArgumentGuard.placeholderFolder),
            descriptionParagraphs: DescriptionText.paragraphs(tool.description),
            whatItDoes: prose.whatItDoes(tool.name, server: server.name, c), rationale: c.rationale,
            evidence: c.evidence.map { DescriptionText.plain($0.text) }, parameters: ParameterTable.rows(for: tool, classification: c),
            attackPatterns: patterns.map {
                AttackPatternLink(id: $0.id, title: $0.title, summary: $0.summary, url: location.link(to: .attackPattern($0.id)))
            },
            noteHTML: tool.note.map(MarkdownRenderer.plainHTML) ?? "",
            canBeNamedInPolicy: recommendation != nil, policyText: policyText ?? "",
            policyURL: policyText.map(Self.dataURL) ?? "",
            policySummary: recommendation?.summary ?? "",
            ruleName: ToolProse.ruleName(recommendation?.rule),
            enforce: plan.enforcement.forTool(tool.name, rule: recommendation?.rule),
            related: plan.related(to: index).map { related in
                var link = plan.link(related, from: location)
                link.itemHTML = itemsHTML[related]
                return link
            },
            faq: prose.faq(tool: tool.name, server: server, description: tool.description, classification: c,
                           recommendation: recommendation, serverToolCount: server.tools.count))
        let head = PageHead(
            title: "\(tool.name) on \(server.name): \(c.level.rawValue) risk, recommended policy | \(site.name)",
            description: "\(tool.name) (\(server.name)) is a \(c.level.rawValue)-risk \(c.category.rawValue) tool. "
                + "What it does, why it needs a policy, its parameters, the attack patterns that abuse it, and a policy.json to copy.",
            canonicalURL: location.canonicalURL(base: site.baseURL), openGraphType: "article",
            structuredDataHTML: StructuredData.faqPage(model.faq))
        return (model, head)
    }

    /// The attack pattern about poisoned definitions (content/attack-patterns/tool-poisoning-and-rug-pulls.md).
    static let poisoningPatternID = "tool-poisoning-and-rug-pulls"

    static func declaresHints(_ annotations: ToolAnnotations) -> Bool {
        annotations.readOnlyHint != nil || annotations.destructiveHint != nil || annotations.idempotentHint != nil
            || annotations.openWorldHint != nil
    }

    /// The note on a guard the recommended rule puts on an argument (zero or one, for a section).
    private static func guardNote(_ recommendation: Recommendation?, argument: ArgumentPath?, placeholder: String) -> [ArgumentGuardNote] {
        recommendation.flatMap { ArgumentGuardNote(rule: $0.rule, argument: argument, placeholder: placeholder) }.map { [$0] } ?? []
    }

    static func flags(_ c: ToolClassification) -> [Label] {
        var flags: [Label] = []
        if !c.poisoning.isEmpty { flags.append(Label(id: "poisoned", name: "speaks to the model")) }
        if c.readOnly { flags.append(Label(id: "read-only", name: "read-only")) }
        if c.destructive { flags.append(Label(id: "destructive", name: "destructive")) }
        if !c.readOnly, !c.destructive, !c.reversible { flags.append(Label(id: "irreversible", name: "irreversible")) }
        if c.openWorld { flags.append(Label(id: "open-world", name: "open world")) }
        return flags
    }

    /// The policy's exact bytes as a `data:` URL, for the download link.
    static func dataURL(_ text: String) -> String {
        "data:application/json;base64," + Data(text.utf8).base64EncodedString()
    }
}

extension String {
    /// `personal_data` → `personal-data`, for CSS classes.
    func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
