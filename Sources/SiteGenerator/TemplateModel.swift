import Mustache

/// A value a template can read. Its fields are looked up by name in a table (no reflection:
/// Mustache's default `Mirror` lookups would dominate the time spent on 100,000 pages), and the
/// same table tells ``TemplateLinter`` which names exist.
///
/// Field names say how they may be inserted: a name ending in `Markdown` holds Markdown the
/// generator built (a fenced code block) for `{{{…}}}` in a Markdown template; a name ending in
/// `HTML` holds HTML for `{{{…}}}` in an HTML template; every other field is text, always
/// inserted with `{{…}}` and escaped for the template's kind.
protocol TemplateModel: MustacheParent, Sendable {
    static var fields: TemplateFields<Self> { get }
}

extension TemplateModel {
    public func child(named name: String) -> Any? {
        Self.fields.table[name]?(self)
    }
}

/// A model type's fields: name → getter.
struct TemplateFields<Model>: Sendable {
    let table: [String: @Sendable (Model) -> Any]

    init(_ table: [String: @Sendable (Model) -> Any]) {
        self.table = table
    }

    var names: Set<String> { Set(table.keys) }
}

/// What an optional field gives when it has no value: renders as nothing, counts as false in a
/// section — and, unlike `nil`, stops Mustache from looking the name up in an enclosing object
/// (a related tool without a title must not show the page's title).
struct Absent: MustacheCustomRenderable, Sendable {
    var renderText: String { "" }
    var isNull: Bool { true }
}

/// `value`, or ``Absent`` when there is none.
func present(_ value: String?) -> Any {
    if let value, !value.isEmpty { return value }
    return Absent()
}
