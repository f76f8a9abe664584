/// One row of a tool's parameter table, from its input schema.
struct ParameterRow: TemplateModel {
    /// Dotted from the top of the arguments: `requestBody.refreshToken`.
    var name: String
    /// How deep it sits (0 at the top), for indentation.
    var depth: Int
    var type: String
    var required: Bool
    /// `yes` or `no`, for a table cell without a section per row.
    var requiredText: String { required ? "yes" : "no" }
    var description: String
    /// The classifier quoted it as evidence of sensitive data (a token, an e-mail address…).
    var sensitive: Bool
    /// Allowed values, when the schema lists them.
    var allowedValues: String

    static let fields = TemplateFields<ParameterRow>([
        "name": .text { $0.name }, "depth": .value { $0.depth }, "type": .text { $0.type }, "required": .value { $0.required }, "requiredText": .text { $0.requiredText },
        "description": .text { $0.description }, "sensitive": .value { $0.sensitive },
        "allowedValues": .text { $0.allowedValues },
    ])
}
