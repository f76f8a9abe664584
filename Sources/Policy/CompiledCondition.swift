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
        if case .presence(let wanted) = operand {
            return (actual.map { !$0.isNull } ?? false) == wanted ? nil : .unmet
        }
        guard let actual, !actual.isNull else { return .missing }
        switch operand {
        case .directories, .hosts, .schemes:
            return refusal(of: actual)
        default:
            return comparison(of: actual)
        }
    }

    /// How a `deny_if` entry reads the condition: it holds, it definitely does not, or it
    /// cannot be decided — and a `deny_if` entry denies unless one of its conditions definitely
    /// does not hold, so what cannot be read never walks around it:
    /// - a missing or null argument is undecided, except for `exists`, which asks about it;
    /// - an argument of a type the comparison does not read (`"20000"` against `gt 10000`) is
    ///   undecided;
    /// - a parsing operator holds when the argument parses and lies among the values, does not
    ///   hold when it parses and lies elsewhere, and is undecided when it does not parse (NUL,
    ///   double encoding, a malformed host, a `url_host_in` argument that is not http(s));
    ///   for an array it holds when any element does (any file in `/etc` denies).
    func denyIfReading(for arguments: JSONValue) -> DenyIfReading {
        let actual = condition.path.resolve(in: arguments)
        if case .presence = operand {
            return failure(for: arguments) == nil ? .holds : .doesNotHold
        }
        guard let actual, !actual.isNull else { return .undecided(.missing) }
        switch operand {
        case .directories, .hosts, .schemes:
            return parsedReading(of: actual)
        default:
            switch comparison(of: actual) {
            case nil: return .holds
            case .wrongType(let wanted)?: return .undecided(.wrongType(wanted))
            case let failure?: return failure == .unmet ? .doesNotHold : .undecided(failure)
            }
        }
    }

    /// A parsing operator's reading for `deny_if`: any element that holds makes the array hold.
    private func parsedReading(of actual: JSONValue) -> DenyIfReading {
        switch actual {
        case .string(let text):
            return parsedReading(of: text)
        case .array(let elements):
            var undecided: ConditionFailure?
            for element in elements {
                guard case .string(let text) = element else {
                    undecided = undecided ?? .notString
                    continue
                }
                switch parsedReading(of: text) {
                case .holds: return .holds
                case .undecided(let failure): undecided = undecided ?? failure
                case .doesNotHold: break
                }
            }
            return undecided.map(DenyIfReading.undecided) ?? .doesNotHold
        default:
            return .undecided(.notString)
        }
    }

    /// A path holds when any of its readings (``PathParser``) lies inside; a URL has one.
    private func parsedReading(of text: String) -> DenyIfReading {
        if case .directories(let directories) = operand {
            switch directories.anyReadingWithin(text) {
            case .success(let within): return within ? .holds : .doesNotHold
            case .failure(let refusal): return .undecided(.path(refusal))
            }
        }
        guard let failure = refusal(of: text) else { return .holds }
        switch (operand, failure) {
        case (.hosts, .url(.hostNotAllowed)), (.schemes, .url(.schemeNotAllowed)):
            return .doesNotHold
        default:
            return .undecided(failure)
        }
    }

    /// The comparing operators, `eq` … `contains`, on a present argument: nil when the
    /// condition holds, `.unmet` when it does not, `.wrongType` when the argument is not of a
    /// type the operator compares (`"5"` against `lte 10`): a question the condition cannot
    /// answer, which `deny_if` reads as holding (fail closed).
    private func comparison(of actual: JSONValue) -> ConditionFailure? {
        switch operand {
        case .scalar(let operand):
            if condition.op == .contains { return Self.contains(actual, operand) }
            guard actual.isScalar, Self.sameKind(actual, operand) else { return .wrongType(operand.typeName) }
            let equal = Self.scalarEquals(actual, operand)
            return equal == (condition.op == .eq) ? nil : .unmet
        case .scalars(let list):
            guard actual.isScalar, list.contains(where: { Self.sameKind(actual, $0) }) else {
                return .wrongType(Self.kinds(of: list))
            }
            let listed = list.contains { Self.scalarEquals(actual, $0) }
            return listed == (condition.op == .in) ? nil : .unmet
        case .number(let operand):
            guard let x = actual.numberValue else { return .wrongType("a number") }
            return Self.compareNumbers(x, operand, condition.op) ? nil : .unmet
        case .regex(let regex):
            guard case .string(let text) = actual else { return .wrongType("a string") }
            return Self.matches(regex, text) ? nil : .unmet
        case .presence, .directories, .hosts, .schemes:
            return .unmet
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

    /// Values an equality can compare: two strings, two booleans or two numbers (`"5"` and
    /// `5` are not).
    static func sameKind(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string, .string), (.bool, .bool): return true
        default: return a.numberValue != nil && b.numberValue != nil
        }
    }

    /// "a string or a number": the types a list of operands holds, for a denial.
    static func kinds(of list: [JSONValue]) -> String {
        var names: [String] = []
        for value in list where !names.contains(value.typeName) { names.append(value.typeName) }
        return names.joined(separator: " or ")
    }

    static func compareNumbers(_ x: Double, _ y: Double, _ op: ConditionOperator) -> Bool {
        switch op {
        case .lt: return x < y
        case .lte: return x <= y
        case .gt: return x > y
        case .gte: return x >= y
        default: return false
        }
    }

    static func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// A substring of a string, or an element of an array (elements of another type simply
    /// differ); anything else is not a value `contains` can search.
    static func contains(_ actual: JSONValue, _ operand: JSONValue) -> ConditionFailure? {
        switch actual {
        case .string(let text):
            guard case .string(let needle) = operand else { return .wrongType("an array") }
            return text.contains(needle) ? nil : .unmet
        case .array(let elements):
            return elements.contains { $0.isScalar && scalarEquals($0, operand) } ? nil : .unmet
        default:
            return .wrongType(operand.stringValue != nil ? "a string or an array" : "an array")
        }
    }
}

/// How a condition fails: a comparison that does not hold, or why a parsing operator
/// (`path_within`, `url_host_in`, `url_scheme_in`) refused the argument.
enum ConditionFailure: Sendable, Equatable {
    case unmet
    /// The argument is present but not of a type the comparison reads (what it wanted).
    case wrongType(String)
    case missing, notString, emptyArray
    case path(PathRefusal)
    case url(URLRefusal)

    /// What a denial adds after "the argument …", without quoting the argument (it may hold a
    /// secret, and reasons are audited); nil for a comparison, whose summary says it all.
    var explanation: String? {
        switch self {
        case .unmet: return nil
        case .wrongType(let wanted): return "is not \(wanted)"
        case .missing: return "is missing"
        case .notString: return "is not a string (or an array of strings)"
        case .emptyArray: return "is an empty array"
        case .path(let refusal): return refusal.description
        case .url(let refusal): return refusal.description
        }
    }
}

/// A condition as a `deny_if` entry reads it (``CompiledCondition/denyIfReading(for:)``).
enum DenyIfReading: Sendable, Equatable {
    case holds
    case doesNotHold
    /// The argument cannot be read the way the condition asks; the entry denies, and says why.
    case undecided(ConditionFailure)
}
