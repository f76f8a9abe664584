import JSON

/// A test on a call's arguments: `{"path": "args.amount", "op": "lte", "value": 50000}`.
///
/// Conditions are strict about types: a missing path, a null, or a value of the wrong type
/// fails the condition. A condition never passes by accident.
public struct Condition: Sendable, Equatable {
    public var path: ArgumentPath
    public var op: ConditionOperator
    /// The operand; for `exists` it is an optional boolean (default true).
    public var value: JSONValue?

    public init(path: ArgumentPath, op: ConditionOperator, value: JSONValue?) {
        self.path = path
        self.op = op
        self.value = value
    }

    /// How the condition reads in a denial: `args.amount lte 50000`.
    public var summary: String {
        if op == .exists {
            return value == .bool(false) ? "\(path) does not exist" : "\(path) exists"
        }
        return "\(path) \(op.rawValue) \(value.map { JSONWriter().string($0) } ?? "")"
    }
}

/// The comparison a condition makes.
///
/// `path_within`, `url_host_in` and `url_scheme_in` parse the argument first (a path or
/// `file:` URI, a URL) and compare what it means, not how it is spelt: they are the way to
/// guard path and URL arguments, which a regular expression over the raw string cannot.
public enum ConditionOperator: String, Sendable, Equatable, CaseIterable {
    case eq, neq, `in` = "in", notIn = "not_in", lt, lte, gt, gte, regex, contains, exists
    case pathWithin = "path_within", urlHostIn = "url_host_in", urlSchemeIn = "url_scheme_in"

    /// What the operand must be, for the checker's messages.
    var operandRequirement: String {
        switch self {
        case .eq, .neq: return "a string, number or boolean"
        case .in, .notIn: return "an array of strings, numbers or booleans"
        case .lt, .lte, .gt, .gte: return "a number"
        case .regex: return "a string holding a regular expression"
        case .contains: return "a string, number or boolean"
        case .exists: return "a boolean (or omitted)"
        case .pathWithin: return "a non-empty array of absolute directories, e.g. [\"/srv/docs\"]"
        case .urlHostIn: return "a non-empty array of host names, e.g. [\"api.example.com\", \"*.example.com\"]"
        case .urlSchemeIn: return "a non-empty array of URL schemes, e.g. [\"https\"]"
        }
    }
}

/// A dotted path into the call, rooted at `args`: `args.amount`, `args.items.0.price`.
///
/// Numeric segments index arrays. Keys containing dots cannot be addressed (documented).
public struct ArgumentPath: Sendable, Hashable, CustomStringConvertible {
    /// The segments after `args`.
    public var segments: [String]

    public init(segments: [String]) {
        self.segments = segments
    }

    /// Parses `args.a.b`; nil when the text does not start with `args` or has empty segments.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts[0] == "args", !parts.dropFirst().contains(where: \.isEmpty) else { return nil }
        segments = Array(parts.dropFirst())
    }

    public var description: String { (["args"] + segments).joined(separator: ".") }

    /// The value at this path in a call's arguments; nil when any step is missing.
    public func resolve(in arguments: JSONValue) -> JSONValue? {
        var current = arguments
        for segment in segments {
            switch current {
            case .object(let members):
                guard let next = members[segment] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(segment), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}
