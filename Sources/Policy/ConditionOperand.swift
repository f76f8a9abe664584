import Foundation
import JSON

/// A condition's operand, checked and compiled once when the policy loads — the operator
/// table. Each operator's operand rules live here, once: `gatehouse check` reports them with
/// JSON pointers, and ``CompiledCondition`` keeps the compiled form, so deciding a call is a
/// few comparisons. Any condition shape (ours, PolicyLayer's `require`/`deny_if` entries)
/// goes through this table.
enum ConditionOperand: Sendable {
    /// `eq`, `neq`, `contains`.
    case scalar(JSONValue)
    /// `in`, `not_in`.
    case scalars([JSONValue])
    /// `lt`, `lte`, `gt`, `gte`.
    case number(Double)
    case regex(NSRegularExpression)
    /// `exists`: whether the argument must be present.
    case presence(Bool)
    case directories(AllowedDirectories)
    case hosts(AllowedHosts)
    /// `url_scheme_in`: lowercase schemes.
    case schemes(Set<String>)

    /// Checks `value` as the operand of `op` in the condition at `pointer`, appending every
    /// problem; nil when there is an error.
    static func compile(_ value: JSONValue?, for op: ConditionOperator, at pointer: JSONPointer,
                        problems: inout [PolicyProblem]) -> ConditionOperand? {
        let valuePointer = pointer.appending("value")
        guard let value else {
            if op == .exists { return .presence(true) }
            problems.append(PolicyProblem(at: pointer, "missing required field 'value' (\(op.rawValue) compares with \(op.operandRequirement))"))
            return nil
        }
        if value == .null {
            problems.append(PolicyProblem(at: valuePointer, "must not be null; to test that an argument is absent use {\"op\": \"exists\", \"value\": false}"))
            return nil
        }
        let mismatch = PolicyProblem(at: valuePointer, "\(op.rawValue) needs \(op.operandRequirement), found \(value.shortDescription)")
        switch op {
        case .eq, .neq, .contains:
            guard value.isScalar else { break }
            return .scalar(value)
        case .in, .notIn:
            guard case .array = value else { break }
            return list(value, for: op, at: valuePointer, problems: &problems) { element in
                element.isScalar ? .success(element) : .failure("must be a string, number or boolean, found \(element.typeName)")
            }.map(ConditionOperand.scalars)
        case .lt, .lte, .gt, .gte:
            guard let number = value.numberValue else { break }
            return .number(number)
        case .regex:
            guard case .string(let pattern) = value else { break }
            guard let regex = try? NSRegularExpression(pattern: pattern) else {
                problems.append(PolicyProblem(at: valuePointer, "is not a valid regular expression: \(pattern)"))
                return nil
            }
            return .regex(regex)
        case .exists:
            guard let wanted = value.boolValue else { break }
            return .presence(wanted)
        case .pathWithin:
            guard case .array = value else { break }
            return strings(value, for: op, at: valuePointer, problems: &problems) { text in
                PathParser.directory(text).mapError { "\($0)" }
            }.map { .directories(AllowedDirectories(directories: $0)) }
        case .urlHostIn:
            guard case .array = value else { break }
            return strings(value, for: op, at: valuePointer, problems: &problems) { text in
                AllowedHosts.entry(text).mapError { "\($0)" }
            }.map { .hosts(AllowedHosts($0)) }
        case .urlSchemeIn:
            guard case .array = value else { break }
            let schemes = strings(value, for: op, at: valuePointer, problems: &problems, scheme)
            for (index, element) in (value.arrayValue ?? []).enumerated() {
                if case .string(let text) = element, case .success = scheme(text), let warning = unusualScheme(text) {
                    problems.append(PolicyProblem(.warning, at: valuePointer.appending(index), warning))
                }
            }
            return schemes.map { .schemes(Set($0)) }
        }
        problems.append(mismatch)
        return nil
    }

    /// A non-empty array whose every element `read` accepts; each rejected element is a
    /// problem at its own pointer.
    private static func list<Element>(_ value: JSONValue, for op: ConditionOperator, at pointer: JSONPointer,
                                      problems: inout [PolicyProblem],
                                      _ read: (JSONValue) -> Result<Element, OperandProblem>) -> [Element]? {
        let elements = value.arrayValue ?? []
        guard !elements.isEmpty else {
            problems.append(PolicyProblem(at: pointer, "\(op.rawValue) needs at least one value to compare with, found an empty array"))
            return nil
        }
        var accepted: [Element] = []
        var failed = false
        for (index, element) in elements.enumerated() {
            switch read(element) {
            case .success(let item): accepted.append(item)
            case .failure(let problem):
                problems.append(PolicyProblem(at: pointer.appending(index), problem.message))
                failed = true
            }
        }
        return failed ? nil : accepted
    }

    /// ``list(_:for:at:problems:_:)`` for arrays of strings.
    private static func strings<Element>(_ value: JSONValue, for op: ConditionOperator, at pointer: JSONPointer,
                                         problems: inout [PolicyProblem],
                                         _ read: (String) -> Result<Element, OperandProblem>) -> [Element]? {
        list(value, for: op, at: pointer, problems: &problems) { element in
            guard case .string(let text) = element else { return .failure("must be a string, found \(element.typeName)") }
            return read(text)
        }
    }

    /// A scheme as `url_scheme_in` lists it: `https`, lowercased.
    static func scheme(_ text: String) -> Result<String, OperandProblem> {
        if text.hasSuffix(":") || text.hasSuffix("://") {
            return .failure("write the scheme without ':' or '//', e.g. \"https\"")
        }
        let bytes = Array(text.utf8)
        guard URLParser.schemeEnd(in: (bytes + [ASCII.colon])[...]) == bytes.count else {
            return .failure("must be a URL scheme such as \"https\" (a letter, then letters, digits, '+', '-' or '.')")
        }
        return .success(text.lowercased())
    }

    static let commonSchemes = ["http", "https", "ws", "wss", "ftp", "sftp", "ssh", "git", "file", "mailto", "data", "s3"]

    /// A warning for a scheme that looks like a typo of a common one (`htps`).
    static func unusualScheme(_ text: String) -> String? {
        let lowered = text.lowercased()
        guard !commonSchemes.contains(lowered), let suggestion = DidYouMean.suggestion(for: lowered, among: commonSchemes) else { return nil }
        return "unusual scheme \"\(text)\" (did you mean '\(suggestion)'?)"
    }
}

/// What is wrong with one element of an operand list, as the checker words it.
struct OperandProblem: Error, ExpressibleByStringInterpolation {
    let message: String
    init(stringLiteral value: String) { message = value }
    init(stringInterpolation: DefaultStringInterpolation) { message = String(stringInterpolation: stringInterpolation) }
}
