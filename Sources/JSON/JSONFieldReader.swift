/// Reads typed values out of a JSON document for a checker that collects problems instead of
/// stopping at the first: each reader returns the value, or nil after reporting, at the value's
/// JSON pointer, what was wanted and what was found. The policy checker, the configuration
/// parser and the catalog's server-file reader all read through it, so a wrong type reads the
/// same everywhere: `must be <what was wanted>, found <what was there>`.
///
/// A conforming type says where a problem goes (``reportTypeProblem(_:_:)``); everything else
/// comes with the protocol.
public protocol JSONFieldReader {
    /// Records `message` about the value at `pointer` (an error: the value is not used).
    mutating func reportTypeProblem(_ pointer: JSONPointer, _ message: String)
}

extension JSONFieldReader {
    /// The members of an object; `what` says what the object holds ("a tool rule").
    public mutating func object(_ json: JSONValue, at pointer: JSONPointer, what: String) -> JSONObject? {
        guard case .object(let members) = json else {
            reportTypeProblem(pointer, "must be a JSON object (\(what)), found \(json.typeName)")
            return nil
        }
        return members
    }

    /// The elements of an array; `what` names its elements ("conditions").
    public mutating func array(_ json: JSONValue, at pointer: JSONPointer, of what: String) -> [JSONValue]? {
        guard case .array(let elements) = json else {
            reportTypeProblem(pointer, "must be an array of \(what), found \(json.typeName)")
            return nil
        }
        return elements
    }

    public mutating func string(_ json: JSONValue, at pointer: JSONPointer) -> String? {
        guard case .string(let text) = json else {
            reportTypeProblem(pointer, "must be a string, found \(json.typeName)")
            return nil
        }
        return text
    }

    public mutating func bool(_ json: JSONValue, at pointer: JSONPointer) -> Bool? {
        guard case .bool(let value) = json else {
            reportTypeProblem(pointer, "must be true or false, found \(json.typeName)")
            return nil
        }
        return value
    }

    /// Every element a string, or nil (each element that is not is reported at its index).
    public mutating func stringArray(_ json: JSONValue, at pointer: JSONPointer) -> [String]? {
        guard let elements = array(json, at: pointer, of: "strings") else { return nil }
        var strings: [String] = []
        for (index, element) in elements.enumerated() {
            if let text = string(element, at: pointer.appending(index)) { strings.append(text) }
        }
        return strings.count == elements.count ? strings : nil
    }

    /// One of the names in `names`; `hint` turns an unknown name into a suggestion (" (did you
    /// mean 'x'?)", or "").
    public mutating func oneOf(_ names: [String], _ json: JSONValue, at pointer: JSONPointer,
                               hint: (String, [String]) -> String = { _, _ in "" }) -> String? {
        let list = names.map { "\"\($0)\"" }.joined(separator: ", ")
        guard case .string(let text) = json else {
            reportTypeProblem(pointer, "must be one of \(list), found \(json.typeName)")
            return nil
        }
        guard names.contains(text) else {
            reportTypeProblem(pointer, "must be one of \(list), found \"\(text)\"\(hint(text, names))")
            return nil
        }
        return text
    }
}
