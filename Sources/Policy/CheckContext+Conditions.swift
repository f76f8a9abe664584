import JSON

/// Conditions, wherever they are written: a rule's `conditions`, or a `require` or `deny_if`
/// entry's. Their operands go through the operator table (``ConditionOperand``).
extension CheckContext {
    mutating func readConditions(_ json: JSONValue, at pointer: JSONPointer) -> [Condition] {
        guard let elements = array(json, at: pointer, of: "conditions") else { return [] }
        return elements.enumerated().compactMap { index, element in
            readCondition(element, at: pointer.appending(index))
        }
    }

    mutating func readCondition(_ json: JSONValue, at pointer: JSONPointer) -> Condition? {
        guard let members = object(json, at: pointer, what: "a condition, e.g. {\"path\": \"args.amount\", \"op\": \"lte\", \"value\": 100}") else { return nil }
        reportUnknownFields(members, allowed: Self.conditionFields, at: pointer)
        let path = requiredPath(members, field: "path", at: pointer)
        var op: ConditionOperator?
        if let value = members["op"] {
            op = enumValue(value, at: pointer.appending("op"), as: ConditionOperator.self)
        } else {
            error(pointer, "missing required field 'op' (one of \(ConditionOperator.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let value = members["value"]
        guard let op else { return nil }
        guard ConditionOperand.compile(value, for: op, at: pointer, problems: &problems) != nil else { return nil }
        guard let path else { return nil }
        return Condition(path: path, op: op, value: value)
    }

    mutating func requiredPath(_ members: JSONObject, field: String, at pointer: JSONPointer) -> ArgumentPath? {
        guard let value = members[field] else {
            error(pointer, "missing required field '\(field)' (a dotted path such as \"args.amount\")")
            return nil
        }
        return path(value, at: pointer.appending(field))
    }

    mutating func path(_ value: JSONValue, at pointer: JSONPointer) -> ArgumentPath? {
        guard case .string(let text) = value, let path = ArgumentPath(text) else {
            error(pointer, "must be a dotted path into the call's arguments starting with 'args.' (e.g. \"args.amount\"), found \(value.shortDescription)")
            return nil
        }
        return path
    }
}
