import Foundation
import JSON

/// The state of one ``PolicyChecker`` run: the problems found so far (the typed readers every
/// section shares are ``JSONFieldReader``'s). Each section of the document is read in its own
/// extension: the document (`CheckContext+Document`), rules and their entries (`+Rules`),
/// conditions (`+Conditions`), limits (`+Limits`).
struct CheckContext: JSONFieldReader {
    var problems: [PolicyProblem] = []

    static let documentFields = ["version", "default", "hide", "all_tools", "tools", "limits", "description"]
    static let allToolsFields = ["limits"]
    static let ruleFields = ["action", "reason", "hide", "conditions", "require", "deny_if", "limits", "rate_limit",
                             "approver", "remember", "description"]
    static let entryFields = ["conditions", "on_deny"]
    static let limitFields = ["counter", "window", "max", "scope", "increment_from", "align"]
    static let rateLimitFields = ["max", "window", "scope"]
    static let conditionFields = ["path", "op", "value"]
    static let rememberFields = ["scope", "minutes"]

    mutating func error(_ pointer: JSONPointer, _ message: String) {
        problems.append(PolicyProblem(.error, at: pointer, message))
    }

    mutating func reportTypeProblem(_ pointer: JSONPointer, _ message: String) {
        error(pointer, message)
    }

    mutating func warning(_ pointer: JSONPointer, _ message: String) {
        problems.append(PolicyProblem(.warning, at: pointer, message))
    }

    mutating func enumValue<E: RawRepresentable & CaseIterable>(_ json: JSONValue, at pointer: JSONPointer, as type: E.Type) -> E?
    where E.RawValue == String {
        oneOf(E.allCases.map(\.rawValue), json, at: pointer, hint: { DidYouMean.hint(for: $0, among: $1) }).flatMap(E.init(rawValue:))
    }

    /// Every field not in `allowed` is an error naming the closest allowed one.
    mutating func reportUnknownFields(_ members: JSONObject, allowed: [String], at pointer: JSONPointer) {
        for key in members.keys where !allowed.contains(key) {
            let hint = DidYouMean.suggestion(for: key, among: allowed).map { " (did you mean '\($0)'?)" }
                ?? " (expected one of: \(allowed.joined(separator: ", ")))"
            error(pointer.appending(key), "unknown field '\(key)'\(hint)")
        }
    }
}
