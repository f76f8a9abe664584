import Foundation
import JSON

/// A condition ready to test arguments: the regular expression compiled once, at load.
struct CompiledCondition: Sendable {
    let condition: Condition
    private let regex: NSRegularExpression?

    init(_ condition: Condition, at pointer: JSONPointer) throws(PolicyError) {
        self.condition = condition
        if condition.op == .regex {
            guard case .string(let pattern)? = condition.value,
                  let regex = try? NSRegularExpression(pattern: pattern) else {
                throw PolicyError(problems: [PolicyProblem(at: pointer.appending("value"), "is not a valid regular expression")])
            }
            self.regex = regex
        } else {
            regex = nil
        }
    }

    /// Whether the call's arguments satisfy the condition. A missing path, a null, or a value
    /// of the wrong type never satisfies it (except `exists: false`, which asks for absence).
    func holds(for arguments: JSONValue) -> Bool {
        let actual = condition.path.resolve(in: arguments)
        let present = actual.map { !$0.isNull } ?? false
        if condition.op == .exists {
            let wanted = condition.value?.boolValue ?? true
            return present == wanted
        }
        guard let actual, present, let operand = condition.value else { return false }
        switch condition.op {
        case .eq: return Self.scalarEquals(actual, operand)
        case .neq: return actual.isScalar && Self.sameKind(actual, operand) && !Self.scalarEquals(actual, operand)
        case .in: return actual.isScalar && (operand.arrayValue ?? []).contains { Self.scalarEquals(actual, $0) }
        case .notIn: return actual.isScalar && !(operand.arrayValue ?? []).contains { Self.scalarEquals(actual, $0) }
        case .lt, .lte, .gt, .gte: return Self.compareNumbers(actual, operand, condition.op)
        case .regex: return Self.matches(regex, actual)
        case .contains: return Self.contains(actual, operand)
        case .exists: return true
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

    static func compareNumbers(_ actual: JSONValue, _ operand: JSONValue, _ op: ConditionOperator) -> Bool {
        guard let x = actual.numberValue, let y = operand.numberValue else { return false }
        switch op {
        case .lt: return x < y
        case .lte: return x <= y
        case .gt: return x > y
        case .gte: return x >= y
        default: return false
        }
    }

    static func matches(_ regex: NSRegularExpression?, _ actual: JSONValue) -> Bool {
        guard let regex, case .string(let text) = actual else { return false }
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
