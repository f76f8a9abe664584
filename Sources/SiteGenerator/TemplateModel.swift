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

    /// The field `name` for ``CompiledTemplate``, or nil when the model has no such field.
    func templateValue(named name: String) -> TemplateValue? {
        Self.fields.values[name]?(self)
    }
}

/// A model type's fields: name → getter.
struct TemplateFields<Model>: Sendable {
    let table: [String: @Sendable (Model) -> Any]
    /// The same fields in name order, sorted once (``ModelFingerprint`` walks them for every list row).
    let sorted: [(name: String, get: @Sendable (Model) -> Any, value: @Sendable (Model) -> TemplateValue)]
    let values: [String: @Sendable (Model) -> TemplateValue]

    init(_ fields: [String: TemplateField<Model>]) {
        table = fields.mapValues(\.get)
        values = fields.mapValues(\.value)
        sorted = fields.sorted { $0.key < $1.key }.map { (name: $0.key, get: $0.value.get, value: $0.value.value) }
    }

    var names: Set<String> { Set(table.keys) }
}

/// How a template reads one field: text (handed to Mustache as ``TemplateText``), a list of
/// texts, or any other value (a number, a flag, a list of models).
struct TemplateField<Model>: Sendable {
    /// The value as Mustache reads it.
    let get: @Sendable (Model) -> Any
    /// The same value, typed, as ``CompiledTemplate`` reads it.
    let value: @Sendable (Model) -> TemplateValue

    static func text(_ get: @escaping @Sendable (Model) -> String) -> Self {
        Self(get: { TemplateText(value: get($0)) }, value: { .text(get($0)) })
    }

    static func texts(_ get: @escaping @Sendable (Model) -> [String]) -> Self {
        Self(get: { get($0).map { TemplateText(value: $0) } }, value: { .texts(get($0)) })
    }

    /// A number, shown as decimal digits.
    static func number(_ get: @escaping @Sendable (Model) -> Int) -> Self {
        Self(get: { TemplateText(value: String(get($0))) }, value: { .text(String(get($0))) })
    }

    /// A nested model (`{{enforce.gatewayURL}}`).
    static func model<Nested: TemplateModel>(_ get: @escaping @Sendable (Model) -> Nested) -> Self {
        Self(get: { TemplateBox(get($0)) }, value: { .model(get($0)) })
    }

    /// A list of models, for a section (`{{#related}}…{{/related}}`).
    static func models<Nested: TemplateModel>(_ get: @escaping @Sendable (Model) -> [Nested]) -> Self {
        Self(get: { get($0).map(TemplateBox.init) }, value: { .models(get($0)) })
    }

    /// Anything else Mustache understands: a flag for a section.
    static func value(_ get: @escaping @Sendable (Model) -> Any) -> Self {
        Self(get: get, value: { TemplateValue(any: get($0)) })
    }
}

/// A model as Mustache holds it. Mustache keeps values as `Any` and casts them on every lookup;
/// a large struct in an `Any` is copied by each cast (every field retained and released), and
/// a class instance is slow to cast (the runtime checks its class chain): a small struct
/// holding the model in a class is neither.
struct TemplateBox<Model: TemplateModel>: MustacheParent, Sendable {
    private final class Storage: Sendable {
        let model: Model

        init(_ model: Model) {
            self.model = model
        }
    }

    private let storage: Storage

    init(_ model: Model) {
        storage = Storage(model)
    }

    var model: Model { storage.model }

    func child(named name: String) -> Any? {
        storage.model.child(named: name)
    }
}

/// Text as templates see it: it renders as itself (escaped by the template's kind), counts as
/// false in a section when empty, has no fields of its own, and takes Mustache's string
/// transforms (`{{uppercased(name)}}`).
///
/// Why not a plain `String`: Mustache probes every value with several dynamic casts and
/// `String(describing:)`, which on 100,000 pages costs more than the rest of the rendering;
/// and an empty optional field must not make Mustache look the name up in an enclosing object
/// (a related tool without a title must not show the page's title).
struct TemplateText: MustacheCustomRenderable, MustacheParent, MustacheTransformable, Sendable {
    let value: String

    var renderText: String { value }
    var isNull: Bool { value.isEmpty }

    func child(named: String) -> Any? { nil }

    func transform(_ name: String) -> Any? { value.transform(name) }
}
