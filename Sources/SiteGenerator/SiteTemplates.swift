import Foundation
import Mustache

/// The templates folder (`--templates`), loaded, checked and compiled once:
///
///     layout.html.mustache          the HTML around every page's content
///     tool.md.mustache              one page per tool (Markdown)
///     server.md.mustache            one page per server
///     index.md.mustache             the home page
///     attack-pattern.md.mustache    one page per attack pattern
///     404.md.mustache               the page for a missing address
///     faq.md.mustache               the questions every tool shares
///     prose.md                      the sentences of tool pages (``ProseTemplates``)
///     partials/NAME.md.mustache     Markdown partials: {{> NAME}} in a Markdown template
///     partials/NAME.html.mustache   HTML partials: {{> NAME}} in an HTML template, or a
///                                   directive line `::: NAME` in a Markdown template
///     assets/…                      copied as is to the output's assets/ (CSS, JavaScript)
///
/// Markdown templates escape `{{field}}` for Markdown, HTML templates for HTML (see
/// templates/README.md). Loading reports every problem at once, each with file and line.
public struct SiteTemplates: Sendable {
    public let directory: String
    let library: MustacheLibrary
    let kinds: [String: TemplateKind]
    /// The templates simple enough to fill in without Mustache (see ``FillInTemplate``).
    let fillIns: [String: FillInTemplate]
    /// The templates rendered without Mustache (see ``CompiledTemplate``): all of the defaults.
    let compiled: [String: CompiledTemplate]
    /// Files under `assets/`: path segments below it, and bytes.
    let assets: [(segments: [String], bytes: [UInt8])]
    /// The sentences of tool pages, from `prose.md`.
    let prose: ProseTemplates

    /// The page templates every site needs, and what each is for.
    static let required: [(name: String, kind: TemplateKind, purpose: String)] = [
        ("layout", .html, "the HTML page around every page's content"),
        ("tool", .markdown, "the page of each tool"),
        ("server", .markdown, "the page of each server"),
        ("index", .markdown, "the home page"),
        ("attack-pattern", .markdown, "the page of each attack pattern, one per page of the tools it concerns"),
        ("tool-list", .markdown, "a page of a list of tools: a risk level, category, what tools touch, a flag"),
        ("directory", .markdown, "a page of the server directory, in one order"),
        ("404", .markdown, "the page shown for a missing address"),
        ("faq", .markdown, "the questions every tool shares, which tool pages link"),
        ("tool-item", .html, "a tool in a list of related tools, rendered once per tool (partials/tool-item.html.mustache)"),
        ("parameter-row", .html,
         "a row of a tool's parameter table, rendered once per distinct row (partials/parameter-row.html.mustache)"),
        ("tool-row", .html, "a row of a list of tools, rendered once per row (partials/tool-row.html.mustache)"),
    ]

    /// Every field name a template may use, from every model type.
    static let fieldNames: Set<String> = ToolPage.fields.names.union(ServerPage.fields.names)
        .union(IndexPage.fields.names).union(AttackPatternPage.fields.names).union(NotFoundPage.fields.names).union(FAQPage.fields.names)
        .union(LayoutModel.fields.names).union(ToolLink.fields.names).union(ParameterRow.fields.names)
        .union(FAQEntry.fields.names).union(AttackPatternLink.fields.names).union(LevelCount.fields.names)
        .union(ServerLink.fields.names).union(Label.fields.names).union(EnforcementGuide.fields.names)
        .union(PoisoningNotice.fields.names).union(HintRow.fields.names).union(ArgumentGuardNote.fields.names)
        .union(ToolListPage.fields.names).union(ToolRow.fields.names).union(PagerModel.fields.names).union(PagerLink.fields.names)
        .union(DirectoryPage.fields.names).union(DirectorySortLink.fields.names).union(FacetLink.fields.names)
        .union(FacetGroup.fields.names)

    public static func load(from directory: String) throws(SiteError) -> SiteTemplates {
        MarkdownContentType.register()
        HTMLContentType.register()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            let message = "no such templates folder (--templates sets it; see templates/README.md)"
            throw .templates([TemplateProblem(file: directory, message: message)])
        }
        var problems: [TemplateProblem] = []
        var sources: [String: (file: String, kind: TemplateKind, text: String)] = [:]
        for file in templateFiles(in: directory) {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let (name, kind) = nameAndKind(file) else {
                let message = "name templates NAME.md.mustache (Markdown) or NAME.html.mustache (HTML)"
                problems.append(TemplateProblem(file: path, message: message))
                continue
            }
            if let other = sources[name] {
                let message = "two templates named '\(name)' (also \(other.file)); partials and pages share one namespace"
                problems.append(TemplateProblem(file: path, message: message))
                continue
            }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                problems.append(TemplateProblem(file: path, message: "cannot read the template as UTF-8 text"))
                continue
            }
            sources[name] = (path, kind, text)
        }
        for page in required {
            let isPartial = ["tool-item", "parameter-row", "tool-row"].contains(page.name)
            let folder = isPartial ? (directory as NSString).appendingPathComponent("partials") : directory
            let file = (folder as NSString).appendingPathComponent("\(page.name).\(page.kind.fileExtension).mustache")
            if sources[page.name] == nil {
                problems.append(TemplateProblem(file: file, message: "missing: every site needs it (\(page.purpose))"))
            } else if sources[page.name]?.kind != page.kind {
                problems.append(TemplateProblem(file: file, message: "'\(page.name)' must be a \(page.kind.displayName) template"))
            }
        }
        let linter = TemplateLinter(fieldNames: fieldNames, partials: sources.mapValues(\.kind))
        var library = MustacheLibrary()
        var fillIns: [String: FillInTemplate] = [:]
        var compiledForms: [String: CompiledTemplate] = [:]
        for (name, source) in sources.sorted(by: { $0.key < $1.key }) {
            problems += linter.problems(in: source.text, file: source.file, kind: source.kind)
            do {
                let compiled = try compile(source.text, kind: source.kind)
                library.register(compiled, named: name)
                fillIns[name] = FillInTemplate(source: source.text, compiled: compiled, contentType: source.kind.contentType)
                compiledForms[name] = CompiledTemplate(source: pragma(source.kind) + source.text, contentType: source.kind.contentType)
            } catch {
                problems.append(parseProblem(error, file: source.file, kind: source.kind))
            }
        }
        let assets: [(segments: [String], bytes: [UInt8])]
        do {
            assets = try readAssets(in: (directory as NSString).appendingPathComponent("assets"))
        } catch {
            problems.append(error)
            assets = []
        }
        let (prose, proseProblems) = ProseTemplates.load(from: directory)
        problems += proseProblems
        guard problems.isEmpty else { throw .templates(problems) }
        return SiteTemplates(
            directory: directory, library: library, kinds: sources.mapValues(\.kind), fillIns: fillIns, compiled: compiledForms,
            assets: assets, prose: prose)
    }

    /// Renders a Markdown template (escaping for Markdown).
    func markdown(_ name: String, _ model: some TemplateModel) -> String {
        render(name, model)
    }

    /// Renders an HTML template or partial (escaping for HTML).
    func html(_ name: String, _ model: some TemplateModel) -> String {
        render(name, model)
    }

    private func render(_ name: String, _ model: some TemplateModel) -> String {
        if let form = fillIns[name], let filled = form.fill(model) { return filled }
        if let form = compiled[name], let rendered = form.render(model, partials: compiled) { return rendered }
        return library.render(TemplateBox(model), withTemplate: name) ?? ""
    }

    // MARK: Loading

    /// Every template starts with the pragma that sets how `{{…}}` escapes (for Markdown, or for
    /// HTML); it is put on line 1 without a newline, so parse errors keep their line numbers.
    static func compile(_ text: String, kind: TemplateKind) throws -> MustacheTemplate {
        try MustacheTemplate(string: pragma(kind) + text)
    }

    static func pragma(_ kind: TemplateKind) -> String {
        "{{% CONTENT_TYPE: \(kind == .markdown ? MarkdownContentType.pragmaName : HTMLContentType.pragmaName) }}"
    }

    private static func parseProblem(_ error: Error, file: String, kind: TemplateKind) -> TemplateProblem {
        guard let parserError = error as? MustacheTemplate.ParserError else {
            return TemplateProblem(file: file, message: "cannot parse the template: \(error)")
        }
        let context = parserError.context
        let column = context.lineNumber == 1 ? max(1, context.columnNumber - pragma(kind).count) : context.columnNumber
        return TemplateProblem(file: file, line: context.lineNumber, column: column, message: message(for: parserError.error))
    }

    private static func message(for error: Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: return "a section is closed with a different name than it was opened with"
        case .unfinishedName?: return "a tag is not finished (a name without its closing '}}')"
        case .expectedSectionEnd?: return "a section is opened but never closed ({{/name}} is missing)"
        case .invalidSetDelimiter?: return "a badly formed set-delimiter tag"
        case .transformAppliedToInheritanceSection?: return "a transform cannot be applied to an inheritance section"
        case .illegalTokenInsideInheritSection?, .textInsideInheritSection?:
            return "only blocks ({{$name}}) may appear inside a partial's inheritance section"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?: return "pragmas ({{%…}}) are not supported"
        case nil: return "cannot parse the template: \(error)"
        }
    }

    /// `NAME.md.mustache` and `partials/NAME.html.mustache`, relative to the folder, sorted.
    private static func templateFiles(in directory: String) -> [String] {
        let top = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".mustache") }
        let partialsFolder = (directory as NSString).appendingPathComponent("partials")
        let partials = ((try? FileManager.default.contentsOfDirectory(atPath: partialsFolder)) ?? [])
            .filter { $0.hasSuffix(".mustache") }.map { "partials/" + $0 }
        return (top + partials).sorted()
    }

    private static func nameAndKind(_ file: String) -> (String, TemplateKind)? {
        let base = (file as NSString).lastPathComponent
        for kind in [TemplateKind.markdown, .html] {
            let suffix = ".\(kind.fileExtension).mustache"
            if base.hasSuffix(suffix), base.count > suffix.count { return (String(base.dropLast(suffix.count)), kind) }
        }
        return nil
    }

    private static func readAssets(in folder: String) throws(TemplateProblem) -> [(segments: [String], bytes: [UInt8])] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var assets: [(segments: [String], bytes: [UInt8])] = []
        for case let relative as String in enumerator {
            let path = (folder as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let segments = relative.split(separator: "/").map(String.init)
            guard segments.allSatisfy(PathSegments.isSafe), !segments.contains(where: { $0.hasPrefix(".") }) else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TemplateProblem(file: path, message: "cannot read the asset")
            }
            assets.append((segments, [UInt8](data)))
        }
        return assets.sorted { $0.segments.lexicographicallyPrecedes($1.segments) }
    }
}

extension TemplateKind {
    /// How `{{field}}` escapes in templates of this kind.
    var contentType: any MustacheContentType { self == .markdown ? MarkdownContentType() : HTMLContentType() }
}
