import Foundation
import JSON

/// A condition ready to test arguments: its operand checked and compiled once, at load (the
/// regular expression, the directories, the hosts — see ``ConditionOperand``).
struct CompiledCondition: Sendable {
    let condition: Condition
    /// `args.uri path_within ["/srv/docs"]`, written once for the denials that quote it.
    let summary: String
    private let operand: ConditionOperand

    init(_ condition: Condition, at pointer: JSONPointer) throws(PolicyError) {
        var problems: [PolicyProblem] = []
        guard let operand = ConditionOperand.compile(condition.value, for: condition.op, at: pointer, problems: &problems) else {
            throw PolicyError(problems: problems.filter { $0.severity == .error })
        }
        self.condition = condition
        summary = condition.summary
        self.operand = operand
    }

    /// Whether the call's arguments satisfy the condition. A missing path, a null, or a value
    /// of the wrong type never satisfies it (except `exists: false`, which asks for absence).
    func holds(for arguments: JSONValue) -> Bool {
        failure(for: arguments) == nil
    }

    /// Nil when the condition holds; otherwise how it fails — for a parsing operator, why it
    /// refused the argument (found in the same pass that decided, for the denial to quote).
    func failure(for arguments: JSONValue) -> ConditionFailure? {
        let actual = condition.path.resolve(in: arguments)
        switch operand {
        case .directories, .hosts, .schemes:
            guard let actual, !actual.isNull else { return .missing }
            return refusal(of: actual)
        default:
            return compares(actual) ? nil : .unmet
        }
    }

    /// The comparing operators: `eq` … `exists`.
    private func compares(_ actual: JSONValue?) -> Bool {
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
        case .presence, .directories, .hosts, .schemes:
            return false
        }
    }

    /// Why a parsing operator refuses `actual`: a string, or a non-empty array of strings
    /// every one of which it admits.
    private func refusal(of actual: JSONValue) -> ConditionFailure? {
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

    private func refusal(of text: String) -> ConditionFailure? {
        switch operand {
        case .directories(let directories):
            return directories.refusal(for: text).map(ConditionFailure.path)
        case .hosts(let hosts):
            return hosts.refusal(for: text).map(ConditionFailure.url)
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

/// How a condition fails: a comparison that does not hold, or why a parsing operator
/// (`path_within`, `url_host_in`, `url_scheme_in`) refused the argument.
enum ConditionFailure: Sendable, Equatable {
    case unmet
    case missing, notString, emptyArray
    case path(PathRefusal)
    case url(URLRefusal)

    /// What a denial adds after "the argument …", without quoting the argument (it may hold a
    /// secret, and reasons are audited); nil for a comparison, whose summary says it all.
    var explanation: String? {
        switch self {
        case .unmet: return nil
        case .missing: return "is missing"
        case .notString: return "is not a string (or an array of strings)"
        case .emptyArray: return "is an empty array"
        case .path(let refusal): return refusal.description
        case .url(let refusal): return refusal.description
        }
    }
}
