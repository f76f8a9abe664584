import Foundation
import JSON
import Yams

/// Reads a YAML document into a ``JSONValue``, keeping the order of mappings (a converted
/// policy lists its tools as the author did). Duplicate keys, aliases and non-string keys are
/// errors: a policy that means two things must not be read as one of them.
enum YAMLReader {
    static func read(_ text: String) throws(PolicyImportError) -> JSONValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw PolicyImportError("not valid YAML: \(error)")
        }
        guard let root else { throw PolicyImportError("the file holds no YAML document") }
        return try value(root, at: .root)
    }

    static func value(_ node: Node, at pointer: JSONPointer) throws(PolicyImportError) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return Self.scalar(node, scalar)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for (index, element) in sequence.enumerated() {
                elements.append(try value(element, at: pointer.appending(index)))
            }
            return .array(elements)
        case .mapping(let mapping):
            var members = JSONObject()
            for (key, element) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw PolicyImportError("a mapping key must be a plain string", at: pointer, line: key.mark?.line)
                }
                members[keyScalar.string] = try value(element, at: pointer.appending(keyScalar.string))
            }
            return .object(members)
        case .alias:
            throw PolicyImportError("YAML aliases are not read: write the value out", at: pointer, line: node.mark?.line)
        }
    }

    /// A scalar by its resolved YAML tag: `5` is a number, `"5"` a string, `true` a boolean.
    static func scalar(_ node: Node, _ scalar: Node.Scalar) -> JSONValue {
        switch node.tag.rawValue {
        case Tag.Name.null.rawValue: return .null
        case Tag.Name.bool.rawValue: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
        case Tag.Name.int.rawValue: return node.int.map { .int(Int64($0)) } ?? .string(scalar.string)
        case Tag.Name.float.rawValue: return node.float.map(JSONValue.double) ?? .string(scalar.string)
        default: return .string(scalar.string)
        }
    }
}

/// Why a file cannot be converted at all (the YAML does not parse, or is not a policy).
public struct PolicyImportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Where in the YAML document (as a JSON pointer over its mappings and sequences).
    public var pointer: JSONPointer?
    public var line: Int?

    public init(_ message: String, at pointer: JSONPointer? = nil, line: Int? = nil) {
        self.message = message
        self.pointer = pointer
        self.line = line
    }

    public var description: String {
        var prefix = ""
        if let line { prefix += "line \(line): " }
        if let pointer, pointer != .root { prefix += "\(pointer): " }
        return prefix + message
    }
}
