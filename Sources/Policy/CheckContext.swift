import Foundation
import JSON

/// The state of one ``PolicyChecker`` run: the problems found so far, and the readers every
/// section shares. Each section of the document is read in its own extension: the document
/// (`CheckContext+Document`), rules and their entries (`+Rules`), conditions (`+Conditions`),
/// limits (`+Limits`).
struct CheckContext {
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

    mutating func warning(_ pointer: JSONPointer, _ message: String) {
        problems.append(PolicyProblem(.warning, at: pointer, message))
    }

    mutating func object(_ json: JSONValue, at pointer: JSONPointer, what: String) -> JSONObject? {
        guard case .object(let members) = json else {
            error(pointer, "must be a JSON object (\(what)), found \(json.typeName)")
            return nil
        }
        return members
    }

    mutating func array(_ json: JSONValue, at pointer: JSONPointer, of what: String) -> [JSONValue]? {
        guard case .array(let elements) = json else {
            error(pointer, "must be an array of \(what), found \(json.typeName)")
            return nil
        }
        return elements
    }

    mutating func string(_ json: JSONValue, at pointer: JSONPointer) -> String? {
        guard case .string(let text) = json else {
            error(pointer, "must be a string, found \(json.typeName)")
            return nil
        }
        return text
    }

    mutating func enumValue<E: RawRepresentable & CaseIterable>(_ json: JSONValue, at pointer: JSONPointer, as type: E.Type) -> E?
    where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        let list = names.map { "\"\($0)\"" }.joined(separator: ", ")
        guard case .string(let text) = json else {
            error(pointer, "must be one of \(list), found \(json.typeName)")
            return nil
        }
        guard let value = E(rawValue: text) else {
            error(pointer, "must be one of \(list), found \"\(text)\"\(DidYouMean.hint(for: text, among: names))")
            return nil
        }
        return value
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
