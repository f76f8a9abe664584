/// A field's value as ``CompiledTemplate`` reads it: typed, so rendering never casts an `Any`
/// (the casts are most of what a Mustache lookup costs). ``TemplateField`` makes both this and
/// the `Any` Mustache reads, from the same getter.
enum TemplateValue {
    case text(String)
    case texts([String])
    case model(any TemplateModel)
    case models([any TemplateModel])
    case flag(Bool)
    /// A value only Mustache knows how to render: the page is rendered by Mustache.
    case other

    /// What a `.value` field (anything Mustache understands) holds, as far as it is known here.
    init(any value: Any) {
        switch value {
        case let flag as Bool: self = .flag(flag)
        case let text as TemplateText: self = .text(text.value)
        default: self = .other
        }
    }
}
