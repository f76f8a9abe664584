import Catalog
import JSON

/// The rows of a tool's parameter table, read from its input schema: top-level properties and
/// those of nested objects (dotted: `requestBody.refreshToken`), each with its type, whether it
/// is required, its description, allowed values, and whether the classifier quoted it as
/// sensitive.
enum ParameterTable {
    /// Bounds for hostile or enormous schemas; real tools stay far below.
    static let maximumDepth = 4
    static let maximumRows = 200
    static let maximumAllowedValues = 12

    static func rows(for tool: CatalogTool, classification: ToolClassification) -> [ParameterRow] {
        let sensitive = sensitivePropertyNames(classification.evidence)
        var rows: [ParameterRow] = []
        visit(tool.inputSchema, prefix: "", depth: 0, sensitive: sensitive, into: &rows)
        return rows
    }

    /// `input property 'refreshToken'` → `refreshToken`.
    static func sensitivePropertyNames(_ evidence: [Evidence]) -> Set<String> {
        let marker = "input property '"
        var names: Set<String> = []
        for item in evidence where item.source == .inputSchema && item.text.hasPrefix(marker) {
            let rest = item.text.dropFirst(marker.count)
            if let end = rest.firstIndex(of: "'") { names.insert(String(rest[..<end])) }
        }
        return names
    }

    private static func visit(_ schema: JSONValue, prefix: String, depth: Int, sensitive: Set<String>, into rows: inout [ParameterRow]) {
        guard depth < maximumDepth, case .object(let members) = schema else { return }
        let required = Set((members["required"]?.arrayValue ?? []).compactMap(\.stringValue))
        if case .object(let properties)? = members["properties"] {
            for (name, property) in properties {
                guard rows.count < maximumRows else { return }
                let path = prefix.isEmpty ? name : prefix + "." + name
                rows.append(ParameterRow(
                    name: path, depth: depth, type: typeName(property), required: required.contains(name),
                    description: (property["description"]?.stringValue).map(DescriptionText.plain).map(MarkdownEscaper.oneLine) ?? "",
                    sensitive: sensitive.contains(name), allowedValues: allowedValues(property)))
                visit(property, prefix: path, depth: depth + 1, sensitive: sensitive, into: &rows)
                if case .object(let items)? = property["items"] {
                    visit(.object(items), prefix: path + "[]", depth: depth + 1, sensitive: sensitive, into: &rows)
                }
            }
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            for alternative in members[key]?.arrayValue ?? [] {
                visit(alternative, prefix: prefix, depth: depth + 1, sensitive: sensitive, into: &rows)
            }
        }
    }

    /// `string`, `string (uuid)`, `array of string`, `number | null`, `object`.
    static func typeName(_ property: JSONValue) -> String {
        var name: String
        switch property["type"] {
        case .string(let type)?: name = type
        case .array(let types)?: name = types.compactMap(\.stringValue).joined(separator: " | ")
        default:
            let alternatives = (property["anyOf"]?.arrayValue ?? []) + (property["oneOf"]?.arrayValue ?? [])
            name = alternatives.map(typeName).filter { !$0.isEmpty }.joined(separator: " | ")
        }
        if name == "array", let items = property["items"], items.objectValue != nil {
            let itemType = typeName(items)
            if !itemType.isEmpty { name = "array of \(itemType)" }
        }
        if let format = property["format"]?.stringValue { name += " (\(format))" }
        return name
    }

    private static func allowedValues(_ property: JSONValue) -> String {
        guard let values = property["enum"]?.arrayValue, !values.isEmpty else { return "" }
        let shown = values.prefix(maximumAllowedValues).map { value in value.stringValue ?? JSONWriter().string(value) }
        return shown.joined(separator: ", ") + (values.count > maximumAllowedValues ? ", …" : "")
    }
}
