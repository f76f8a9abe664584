/// One row of a tool's parameter table, from its input schema.
struct ParameterRow: TemplateModel {
    /// Dotted from the top of the arguments: `requestBody.refreshToken`.
    var name: String
    /// How deep it sits (0 at the top), for indentation.
    var depth: Int
    var type: String
    var required: Bool
    var description: String
    /// The classifier quoted it as evidence of sensitive data (a token, an e-mail address…).
    var sensitive: Bool
    /// Allowed values, when the schema lists them.
    var allowedValues: String

    static let fields = TemplateFields<ParameterRow>([
        "name": { $0.name }, "depth": { $0.depth }, "type": { $0.type }, "required": { $0.required },
        "description": { present($0.description) }, "sensitive": { $0.sensitive },
        "allowedValues": { present($0.allowedValues) },
    ])
}
