import Mustache

/// A template rendered without Mustache: read once into nodes (``CompiledTemplateParser``, the
/// same text Mustache would output around every tag) and rendered by reading models' typed
/// fields (``TemplateValue``).
///
/// Why: swift-mustache casts every value it meets several times and splits every name on every
/// lookup; on a tool page that was a third of the generator's time. The output is Mustache's,
/// byte for byte: the same lookups up the stack of sections, the same sections for flags, text,
/// lists and models. A value Mustache would handle in some other way (a flag printed as a
/// variable, a value of no known kind) makes ``render(_:partials:)`` return nil, so the page is
/// rendered by Mustache instead.
struct CompiledTemplate: @unchecked Sendable {
    indirect enum Node {
        case text(String)
        case variable(Name, escaped: Bool)
        case section(Name, [Node], inverted: Bool)
        case partial(String)
    }

    /// A tag's name: `.`, `field`, `field.nested`, or `empty(field)`.
    struct Name {
        let source: String
        let path: [String]
        let isEmptyTest: Bool

        init?(_ source: String) {
            self.source = source
            var name = Substring(source)
            isEmptyTest = name.hasPrefix("empty(") && name.hasSuffix(")")
            if isEmptyTest { name = name.dropFirst(6).dropLast() }
            guard !name.isEmpty, !name.contains("("), !name.contains(")") else { return nil }
            if name == "." {
                guard !isEmptyTest else { return nil }
                path = []
                return
            }
            let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !parts.contains(where: \.isEmpty) else { return nil }
            path = parts
        }
    }

    let nodes: [Node]
    let contentType: any MustacheContentType

    /// The compiled form of a template's source (as Mustache parses it), or nil outside the subset.
    init?(source: String, contentType: any MustacheContentType) {
        guard let nodes = CompiledTemplateParser.parse(source) else { return nil }
        self.nodes = nodes
        self.contentType = contentType
    }

    /// The template rendered with `model`; nil when Mustache must render it.
    func render(_ model: some TemplateModel, partials: [String: CompiledTemplate]) -> String? {
        var renderer = Renderer(partials: partials, stack: [.model(model)])
        guard renderer.render(nodes, contentType) else { return nil }
        return renderer.output
    }

    /// What a section pushed: lookups walk these from the innermost out.
    private enum Frame {
        case model(any TemplateModel)
        case text(String)
        /// The empty list of an inverted section: Mustache pushes it, and it has no fields.
        case emptyList
    }

    private struct Renderer {
        let partials: [String: CompiledTemplate]
        var stack: [Frame]
        var output = ""

        /// False when a value needs Mustache.
        mutating func render(_ nodes: [Node], _ contentType: any MustacheContentType) -> Bool {
            for node in nodes {
                switch node {
                case .text(let text):
                    output += text
                case .variable(let name, let escaped):
                    guard let value = lookup(name) else { continue }
                    guard case .text(let text) = value else { return false }
                    output += escaped ? contentType.escapeText(text) : text
                case .section(let name, let body, let inverted):
                    let value = lookup(name)
                    guard inverted ? renderInverted(value, body, contentType) : renderSection(value, body, contentType) else { return false }
                case .partial(let name):
                    guard let partial = partials[name], render(partial.nodes, partial.contentType) else { return false }
                }
            }
            return true
        }

        private mutating func renderSection(_ value: TemplateValue?, _ body: [Node], _ contentType: any MustacheContentType) -> Bool {
            switch value {
            case nil: return true
            case .flag(let flag): return !flag || render(body, contentType)
            case .text(let text): return text.isEmpty || render(body, contentType, pushing: .text(text))
            case .model(let model): return render(body, contentType, pushing: .model(model))
            case .models(let models): return models.allSatisfy { render(body, contentType, pushing: .model($0)) }
            case .texts(let texts): return texts.allSatisfy { render(body, contentType, pushing: .text($0)) }
            case .other: return false
            }
        }

        private mutating func renderInverted(_ value: TemplateValue?, _ body: [Node], _ contentType: any MustacheContentType) -> Bool {
            switch value {
            case nil: return render(body, contentType)
            case .flag(let flag): return flag || render(body, contentType)
            case .text(let text): return !text.isEmpty || render(body, contentType)
            case .model: return true
            case .models(let models): return !models.isEmpty || render(body, contentType, pushing: .emptyList)
            case .texts(let texts): return !texts.isEmpty || render(body, contentType, pushing: .emptyList)
            case .other: return false
            }
        }

        private mutating func render(_ body: [Node], _ contentType: any MustacheContentType, pushing frame: Frame) -> Bool {
            stack.append(frame)
            defer { stack.removeLast() }
            return render(body, contentType)
        }

        /// Mustache's lookup: the first name up the stack, the rest within what it found; then the transform.
        private func lookup(_ name: Name) -> TemplateValue? {
            guard let first = name.path.first else {
                switch stack.last {
                case .model(let model)?: return .model(model)
                case .text(let text)?: return .text(text)
                case .emptyList?, nil: return .other
                }
            }
            var value: TemplateValue?
            for frame in stack.reversed() {
                if case .model(let model) = frame, let found = model.templateValue(named: first) {
                    value = found
                    break
                }
            }
            for part in name.path.dropFirst() {
                guard case .model(let model)? = value else { return nil }
                value = model.templateValue(named: part)
            }
            guard name.isEmptyTest, let found = value else { return value }
            switch found {
            case .text(let text): return .flag(text.isEmpty)
            case .texts(let texts): return .flag(texts.isEmpty)
            case .models(let models): return .flag(models.isEmpty)
            case .model, .flag: return nil
            case .other: return .other
            }
        }
    }
}
