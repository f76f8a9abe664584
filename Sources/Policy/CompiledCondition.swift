import Foundation
import JSON

/// A condition ready to test arguments: its operand checked and compiled once, at load (the
/// regular expression, the directories, the hosts — see ``ConditionOperand``).
struct CompiledCondition: Sendable {
    let condition: Condition
    private let operand: ConditionOperand

    init(_ condition: Condition, at pointer: JSONPointer) throws(PolicyError) {
        var problems: [PolicyProblem] = []
        guard let operand = ConditionOperand.compile(condition.value, for: condition.op, at: pointer, problems: &problems) else {
            throw PolicyError(problems: problems.filter { $0.severity == .error })
        }
        self.condition = condition
        self.operand = operand
    }

    /// Whether the call's arguments satisfy the condition. A missing path, a null, or a value
    /// of the wrong type never satisfies it (except `exists: false`, which asks for absence).
    func holds(for arguments: JSONValue) -> Bool {
        let actual = condition.path.resolve(in: arguments)
        if case .presence(let wanted) = operand {
            return (actual.map { !$0.isNull } ?? false) == wanted
        }
        guard let actual, !actual.isNull else { return false }
        switch operand {
        case .scalar(let operand):
            switch condition.op {
            case .eq: return Self.scalarEquals(actual, operand)
            case .neq: return actual.isScalar && Self.sameKind(actual, operand) && !Self.scalarEquals(actual, operand)
            default: return Self.contains(actual, operand)
            }
        case .scalars(let list):
            let listed = actual.isScalar && list.contains { Self.scalarEquals(actual, $0) }
            return actual.isScalar && (condition.op == .in ? listed : !listed)
        case .number(let operand):
            return Self.compareNumbers(actual, operand, condition.op)
        case .regex(let regex):
            return Self.matches(regex, actual)
        case .presence:
            return true
        case .directories, .hosts, .schemes:
            return refusal(of: actual) == nil
        }
    }

    /// For a denial: why the argument fails a parsing operator, completing "the argument …"
    /// (`resolves outside the allowed directories`) without repeating it (it may hold a
    /// secret, and reasons are audited). Nil for the other operators: their summary says it all.
    func explanation(for arguments: JSONValue) -> String? {
        switch operand {
        case .directories, .hosts, .schemes:
            guard let actual = condition.path.resolve(in: arguments), !actual.isNull else { return "is missing" }
            return refusal(of: actual)?.description
        default:
            return nil
        }
    }

    /// Why a parsing operator refuses `actual`: a string, or a non-empty array of strings
    /// every one of which it admits.
    private func refusal(of actual: JSONValue) -> ArgumentRefusal? {
        switch actual {
        case .string(let text):
            return refusal(of: text)
        case .array(let elements):
            guard !elements.isEmpty else { return .emptyArray }
            for element in elements {
                guard case .string(let text) = element else { return .notString }
                if let refusal = refusal(of: text) { return refusal }
            }
            return nil
        default:
            return .notString
        }
    }

    private func refusal(of text: String) -> ArgumentRefusal? {
        switch operand {
        case .directories(let directories):
            return directories.refusal(for: text).map(ArgumentRefusal.path)
        case .hosts(let hosts):
            return hosts.refusal(for: text).map(ArgumentRefusal.url)
        case .schemes(let schemes):
            switch URLParser.parse(text) {
            case .failure(let refusal): return .url(refusal)
            case .success(let url): return schemes.contains(url.scheme) ? nil : .url(.schemeNotAllowed)
            }
        default:
            return nil
        }
    }

    /// Equal values of the same JSON type; numbers compare by value (1 == 1.0).
    static func scalarEquals(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        default:
            guard let x = a.numberValue, let y = b.numberValue else { return false }
            return x == y
        }
    }

    /// `neq` compares like with like: `"5" neq 5` is a type mismatch, which fails.
    static func sameKind(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string, .string), (.bool, .bool): return true
        default: return a.numberValue != nil && b.numberValue != nil
        }
    }

    static func compareNumbers(_ actual: JSONValue, _ y: Double, _ op: ConditionOperator) -> Bool {
        guard let x = actual.numberValue else { return false }
        switch op {
        case .lt: return x < y
        case .lte: return x <= y
        case .gt: return x > y
        case .gte: return x >= y
        default: return false
        }
    }

    static func matches(_ regex: NSRegularExpression, _ actual: JSONValue) -> Bool {
        guard case .string(let text) = actual else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// A substring of a string, or an element of an array.
    static func contains(_ actual: JSONValue, _ operand: JSONValue) -> Bool {
        switch actual {
        case .string(let text):
            guard case .string(let needle) = operand else { return false }
            return text.contains(needle)
        case .array(let elements):
            return elements.contains { $0.isScalar && scalarEquals($0, operand) }
        default:
            return false
        }
    }
}

/// Why an argument fails `path_within`, `url_host_in` or `url_scheme_in`.
enum ArgumentRefusal: Sendable, Equatable, CustomStringConvertible {
    case notString, emptyArray
    case path(PathRefusal)
    case url(URLRefusal)

    var description: String {
        switch self {
        case .notString: return "is not a string (or an array of strings)"
        case .emptyArray: return "is an empty array"
        case .path(let refusal): return refusal.description
        case .url(let refusal): return refusal.description
        }
    }
}
