import Catalog
import JSON
import Policy

/// The condition a recommended rule puts on a URL or path argument, for the page's questions:
/// which argument, the placeholder to replace, and the condition itself.
struct ArgumentGuardNote: TemplateModel {
    /// `args.url`.
    var argument: String
    /// `docs.example.com`, `/path/to/allowed/folder`.
    var placeholder: String
    /// The condition as a fenced JSON block.
    var conditionMarkdown: String
    /// The condition compares parsed hosts or resolved paths, not raw text.
    var parsesArguments: Bool

    /// The note for the condition `rule` puts on `argument`, if it puts one.
    init?(rule: ToolRule, argument: ArgumentPath?, placeholder: String) {
        guard let argument, let condition = rule.conditions.first(where: { $0.path == argument }) else { return nil }
        self.argument = argument.description
        self.placeholder = placeholder
        conditionMarkdown = MarkdownEscaper.fencedCodeBlock(JSONWriter(style: .pretty).string(condition.json), info: "json")
        parsesArguments = condition.op != .regex
    }

    static let fields = TemplateFields<ArgumentGuardNote>([
        "argument": .text { $0.argument }, "placeholder": .text { $0.placeholder },
        "conditionMarkdown": .text { $0.conditionMarkdown }, "parsesArguments": .value { $0.parsesArguments },
    ])
}
