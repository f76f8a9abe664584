import Policy

/// Checks a template before any page is rendered, so a mistake is an error that names the file
/// and line instead of a silently empty spot on 100,000 pages: unknown fields (with a
/// did-you-mean), missing partials and directive partials, a partial of the other kind, text
/// fields inserted unescaped, and Mustache features the generator does not support (changing
/// delimiters, pragmas, partials chosen at render time).
struct TemplateLinter {
    /// Every field name of every template model.
    let fieldNames: Set<String>
    /// Partial name → its kind.
    let partials: [String: TemplateKind]

    /// Names Mustache itself provides inside sections (`{{#first()}}`, `{{index()}}`, `{{.}}`).
    static let builtInNames: Set<String> = [".", "first", "last", "index", "even", "odd", ""]

    func problems(in source: String, file: String, kind: TemplateKind) -> [TemplateProblem] {
        var problems: [TemplateProblem] = []
        func report(_ tag: MustacheTag, _ message: String) {
            problems.append(TemplateProblem(file: file, line: tag.line, column: tag.column, message: message))
        }
        for tag in MustacheTag.scan(source) {
            switch tag.kind {
            case .variable, .rawVariable, .section:
                if let message = fieldProblem(tag, kind: kind) { report(tag, message) }
            case .partial:
                if let message = partialProblem(tag.name, kind: kind) { report(tag, message) }
            case .dynamicPartial:
                report(tag, "partials chosen at render time ({{>*…}}) are not supported; name the partial")
            case .setDelimiter:
                report(tag, "changing the delimiters ({{=…=}}) is not supported in Gatehouse templates")
            case .pragma:
                report(tag, "pragmas ({{%…}}) are not supported: the generator sets each template's content type from its file name")
            case .sectionEnd, .comment, .block:
                break
            }
        }
        if kind == .markdown {
            for directive in MarkdownDirectives.directiveLines(in: source) where partials[directive.name] != .html {
                let found = partials[directive.name] == nil ? "there is no partials/\(directive.name).html.mustache" : "partials/\(directive.name) is a Markdown partial"
                problems.append(TemplateProblem(
                    file: file, line: directive.line, column: 1,
                    message: "directive '::: \(directive.name)' needs an HTML partial, but \(found)\(DidYouMean.hint(for: directive.name, among: htmlPartials))"))
            }
        }
        return problems
    }

    private var htmlPartials: [String] { partials.filter { $0.value == .html }.map(\.key).sorted() }

    private func fieldProblem(_ tag: MustacheTag, kind: TemplateKind) -> String? {
        let first = tag.name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? tag.name
        if !Self.builtInNames.contains(tag.name), !fieldNames.contains(first) {
            return "unknown field '\(tag.name)'\(DidYouMean.hint(for: first, among: fieldNames.sorted()))"
        }
        let last = tag.name.split(separator: ".").last.map(String.init) ?? tag.name
        let isMarkdown = last.hasSuffix("Markdown")
        let isHTML = last.hasSuffix("HTML")
        switch (tag.kind, kind) {
        case (.rawVariable, .markdown) where isHTML:
            return "'\(tag.name)' is HTML, which a Markdown template cannot insert; use a directive line and an HTML partial"
        case (.rawVariable, .markdown) where !isMarkdown:
            return "'\(tag.name)' is text and must be inserted escaped: write {{\(tag.name)}} (only fields ending in 'Markdown' may use {{{…}}} in a Markdown template)"
        case (.rawVariable, .html) where !isHTML:
            return "'\(tag.name)' is text and must be inserted escaped: write {{\(tag.name)}} (only fields ending in 'HTML' may use {{{…}}} in an HTML template)"
        case (.variable, _) where isMarkdown || isHTML:
            return "'\(tag.name)' holds \(isHTML ? "HTML" : "Markdown"); insert it with {{{\(tag.name)}}}"
        default:
            return nil
        }
    }

    private func partialProblem(_ name: String, kind: TemplateKind) -> String? {
        guard let partialKind = partials[name] else {
            return "no partial '\(name)' (looked for partials/\(name).\(kind.fileExtension).mustache)\(DidYouMean.hint(for: name, among: partials.keys.sorted()))"
        }
        guard partialKind == kind else {
            return "partial '\(name)' is \(partialKind.displayName) but this template is \(kind.displayName); " +
                (kind == .markdown ? "put HTML in a Markdown page with a directive line '::: \(name)'" : "an HTML template can include only HTML partials")
        }
        return nil
    }
}

/// Whether a template makes Markdown (which cmark turns into HTML) or HTML.
enum TemplateKind: Sendable, Equatable {
    case markdown, html

    var fileExtension: String { self == .markdown ? "md" : "html" }
    var displayName: String { self == .markdown ? "Markdown" : "HTML" }
}
