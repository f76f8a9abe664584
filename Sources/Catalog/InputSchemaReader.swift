import JSON

/// One property of a tool's input schema, wherever it sits (`requestBody.refreshToken`).
struct SchemaProperty: Sendable, Equatable {
    /// Property names from the top of the arguments down to this one.
    var path: [String]
    /// The property's description, if the schema gives one.
    var description: String?
    /// The string values of its `enum`, if any.
    var enumValues: [String]
    /// Its type is `number` or `integer`.
    var isNumeric: Bool
    /// Its parent object lists it in `required`.
    var isRequired: Bool
    /// The words of its name: `refreshToken` → refresh, token.
    var words: [String]
    /// It sits inside an array's items, so no argument path without an index reaches it.
    var isInsideArray: Bool
    /// Its type is `boolean`.
    var isBoolean: Bool
    /// Its `format` (`uri`, `email`, `date-time`…), if any.
    var format: String?


    init(
        path: [String], description: String? = nil, enumValues: [String] = [], isNumeric: Bool = false,
        isRequired: Bool = false, isInsideArray: Bool = false, isBoolean: Bool = false, format: String? = nil
    ) {
        self.path = path
        self.description = description
        self.enumValues = enumValues
        self.isNumeric = isNumeric
        self.isRequired = isRequired
        self.isInsideArray = isInsideArray
        self.isBoolean = isBoolean
        self.format = format
        words = NameTokenizer.words(path.last ?? "")
    }

    var name: String { path.last ?? "" }
    var isTopLevel: Bool { path.count == 1 }

    /// A reference to another record (`personId`, `workspace_member_ids`): the name says what
    /// it points at, not what data the call carries.
    var isReference: Bool {
        guard let last = words.last else { return false }
        return words.count > 1 && ["id", "ids", "uuid", "uuids"].contains(last)
    }
}

/// Reads the properties out of a JSON Schema: through nested objects, array items and
/// `anyOf`/`oneOf`/`allOf`, in the order the schema lists them.
enum InputSchemaReader {
    /// Enough for any real tool, and a bound on hostile schemas.
    static let maximumDepth = 12
    static let maximumProperties = 4_000

    static func properties(of schema: JSONValue) -> [SchemaProperty] {
        var found: [SchemaProperty] = []
        visit(schema, path: [], inArray: false, depth: 0, into: &found)
        return found
    }

    private static func visit(_ schema: JSONValue, path: [String], inArray: Bool, depth: Int, into found: inout [SchemaProperty]) {
        guard depth < maximumDepth, found.count < maximumProperties, case .object(let members) = schema else { return }
        let required = Set((members["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        if case .object(let properties)? = members["properties"] {
            for (name, property) in properties where found.count < maximumProperties {
                let propertyPath = path + [name]
                found.append(SchemaProperty(
                    path: propertyPath,
                    description: property["description"]?.stringValue,
                    enumValues: (property["enum"]?.arrayValue ?? []).compactMap(\.stringValue),
                    isNumeric: isNumeric(property),
                    isRequired: required.contains(name), isInsideArray: inArray,
                    isBoolean: property["type"]?.stringValue == "boolean", format: property["format"]?.stringValue))
                visit(property, path: propertyPath, inArray: inArray, depth: depth + 1, into: &found)
            }
        }
        switch members["items"] {
        case let items? where items.objectValue != nil:
            visit(items, path: path, inArray: true, depth: depth + 1, into: &found)
        case .array(let schemas)?:
            for item in schemas { visit(item, path: path, inArray: true, depth: depth + 1, into: &found) }
        default:
            break
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            for alternative in members[key]?.arrayValue ?? [] {
                visit(alternative, path: path, inArray: inArray, depth: depth + 1, into: &found)
            }
        }
    }

    private static func isNumeric(_ property: JSONValue) -> Bool {
        switch property["type"] {
        case .string(let type)?: return type == "number" || type == "integer"
        case .array(let types)?: return types.contains { $0 == "number" || $0 == "integer" }
        default:
            let alternatives = (property["anyOf"]?.arrayValue ?? []) + (property["oneOf"]?.arrayValue ?? [])
            return alternatives.contains { isNumeric($0) }
        }
    }
}
