import Foundation
import JSON

/// What one tool's Intercept rules become: PolicyLayer-form entries and limits.
struct ConvertedRules {
    var require: [JSONValue] = []
    var denyIf: [JSONValue] = []
    var limits: [JSONValue] = []
    /// The rules' names, kept in the Gatehouse rule's `description`.
    var names: [String] = []

    mutating func append(_ other: ConvertedRules) {
        require += other.require
        denyIf += other.denyIf
        limits += other.limits
    }
}

/// Converts the `rules` of one Intercept tool entry. Intercept's rules all apply, and each
/// denies with its `on_deny`:
/// - `action: deny` → a `deny_if` entry without conditions (always denies, tool stays listed);
/// - `conditions` on `args.…` → a `require` entry with the same conditions and `on_deny`;
/// - `rate_limit: "N/window"` and `state` counters read by a `state.<tool>.<counter>`
///   condition → limits. Intercept's counters are one per process and its windows are
///   calendar-aligned in UTC, so the limits are `scope: global`, `align: calendar`.
struct InterceptRuleConverter {
    /// The tool's key in Intercept's `tools` (`"*"` for its wildcard rules).
    let tool: String
    var notes: [ImportNote] = []
    /// Whether a rule that restricts calls could not be converted (see ``lost(at:_:)``).
    private(set) var lostRestriction = false

    static let ruleFields = ["name", "action", "conditions", "on_deny", "rate_limit", "state"]
    static let stateFields = ["counter", "window", "increment", "increment_from"]
    static let windows = ["minute", "hour", "day"]

    /// The scope Intercept reads a counter under: the tool's name, or `_global` for `"*"`.
    var counterScope: String { tool == "*" ? "_global" : tool }

    mutating func convert(_ rules: JSONValue, at pointer: JSONPointer) -> ConvertedRules {
        var converted = ConvertedRules()
        guard case .array(let elements) = rules else {
            lost(at: pointer, "rules must be a list, found \(rules.typeName)")
            return converted
        }
        for (index, element) in elements.enumerated() {
            convertRule(element, at: pointer.appending(index), into: &converted)
        }
        if lostRestriction {
            converted.denyIf.append(Self.entry([], onDeny: "Denied: a rule of this tool's Intercept policy could not be converted to Gatehouse (see gatehouse policy import)."))
        }
        return converted
    }

    private mutating func convertRule(_ json: JSONValue, at pointer: JSONPointer, into converted: inout ConvertedRules) {
        guard case .object(let rule) = json else {
            lost(at: pointer, "a rule must be a mapping, found \(json.typeName)")
            return
        }
        for key in rule.keys where !Self.ruleFields.contains(key) {
            notes.append(ImportNote(.notCarried, at: pointer.appending(key), "unknown rule field '\(key)'"))  // restricts nothing by itself
        }
        if let name = rule["name"]?.stringValue { converted.names.append(name) }
        let onDeny = rule["on_deny"]?.stringValue.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }

        if rule["action"]?.stringValue == "deny" {
            if rule["conditions"] != nil || rule["rate_limit"] != nil || rule["state"] != nil {
                notes.append(ImportNote(.changed, at: pointer, "a deny rule denies every call: its conditions, rate_limit and state are dropped, as Intercept refuses them"))
            }
            converted.denyIf.append(Self.entry([], onDeny: onDeny))
            return
        }
        if let action = rule["action"], action.stringValue != "evaluate" {
            lost(at: pointer.appending("action"), "unknown action \(JSONWriter().string(action)) (Intercept knows evaluate and deny); the rule is left out")
            return
        }
        if let rateLimit = rule["rate_limit"] {
            if let limit = rateLimitLimit(rateLimit, at: pointer.appending("rate_limit")) { converted.limits.append(limit) }
            if onDeny != nil { limitMessageNote(at: pointer.appending("on_deny")) }
            return
        }

        var argumentConditions: [JSONValue] = []
        var counterConditions: [(JSONValue, JSONPointer)] = []
        if let conditions = rule["conditions"] {
            guard case .array(let list) = conditions else {
                lost(at: pointer.appending("conditions"), "conditions must be a list; the rule is left out")
                return
            }
            for (index, condition) in list.enumerated() {
                let conditionPointer = pointer.appending("conditions").appending(index)
                if condition["path"]?.stringValue?.hasPrefix("state.") == true {
                    counterConditions.append((condition, conditionPointer))
                } else {
                    argumentConditions.append(condition)
                }
            }
        }
        if !argumentConditions.isEmpty {
            converted.require.append(Self.entry(argumentConditions, onDeny: onDeny))
        }
        if let state = rule["state"] {
            if let limit = stateLimit(state, read: counterConditions, at: pointer) { converted.limits.append(limit) }
            if onDeny != nil && !counterConditions.isEmpty { limitMessageNote(at: pointer.appending("on_deny")) }
        } else {
            for (_, conditionPointer) in counterConditions {
                lost(at: conditionPointer, "a condition on a counter this rule has no state block for")
            }
        }
        if argumentConditions.isEmpty && counterConditions.isEmpty && rule["state"] == nil {
            lost(at: pointer, "an evaluate rule without conditions checks nothing (Intercept refuses it)")
        }
    }

    static func entry(_ conditions: [JSONValue], onDeny: String?) -> JSONValue {
        var members: JSONObject = ["conditions": .array(conditions)]
        if let onDeny { members["on_deny"] = .string(onDeny) }
        return .object(members)
    }

    /// A restriction that could not be carried over: noted, and the tool is denied until the
    /// author writes it (a policy that silently allows more than its source meant would fail open).
    private mutating func lost(at pointer: JSONPointer, _ message: String) {
        notes.append(ImportNote(.notCarried, at: pointer, message + "; the tool is denied until you write it"))
        lostRestriction = true
    }

    private mutating func limitMessageNote(at pointer: JSONPointer) {
        notes.append(ImportNote(.changed, at: pointer, "a limit's on_deny is not carried: a rate-limited call's reason names the counter and when to retry"))
    }

    /// `rate_limit: 5/hour` → at most 5 calls an hour (UTC-aligned), on counter `<tool>._rate_hour`.
    private mutating func rateLimitLimit(_ json: JSONValue, at pointer: JSONPointer) -> JSONValue? {
        let parts = json.stringValue?.split(separator: "/", omittingEmptySubsequences: false) ?? []
        guard parts.count == 2, let count = Int(parts[0].trimmingCharacters(in: .whitespaces)), count > 0,
              Self.windows.contains(parts[1].trimmingCharacters(in: .whitespaces)) else {
            lost(at: pointer, "rate_limit must read N/minute, N/hour or N/day, found \(JSONWriter().string(json))")
            return nil
        }
        let window = parts[1].trimmingCharacters(in: .whitespaces)
        return limit(counter: "_rate_\(window)", window: window, max: .int(Int64(count)), incrementFrom: nil)
    }

    /// A `state` block and the `state.<scope>.<counter>` conditions that read it → one limit.
    private mutating func stateLimit(_ json: JSONValue, read conditions: [(JSONValue, JSONPointer)], at pointer: JSONPointer) -> JSONValue? {
        let statePointer = pointer.appending("state")
        guard case .object(let state) = json else {
            lost(at: statePointer, "state must be a mapping")
            return nil
        }
        for key in state.keys where !Self.stateFields.contains(key) {
            lost(at: statePointer.appending(key), "unknown state field '\(key)'")
        }
        guard let counter = state["counter"]?.stringValue, let window = state["window"]?.stringValue, Self.windows.contains(window) else {
            lost(at: statePointer, "a state block needs a counter and a window of minute, hour or day")
            return nil
        }
        let path = "state.\(counterScope).\(counter)"
        var bound: (op: String, value: Double, pointer: JSONPointer)?
        for (condition, conditionPointer) in conditions {
            guard condition["path"]?.stringValue == path else {
                lost(at: conditionPointer.appending("path"), "reads a counter other than this rule's \(path)")
                continue
            }
            guard let op = condition["op"]?.stringValue, op == "lte" || op == "lt", let value = condition["value"]?.numberValue, bound == nil else {
                lost(at: conditionPointer, "only one lte or lt bound on a counter becomes a limit")
                continue
            }
            bound = (op, value, conditionPointer)
        }
        guard let bound else {
            lost(at: statePointer, "no condition of this rule bounds counter \(path), so it limits nothing here")
            return nil
        }
        if let from = state["increment_from"] {
            guard case .string(let argument) = from, argument.hasPrefix("args.") else {
                lost(at: statePointer.appending("increment_from"), "must be a path into the arguments (args.…)")
                return nil
            }
            if bound.op == "lt" {
                notes.append(ImportNote(.changed, at: bound.pointer, "lt on a running total is written as max \(Self.number(bound.value)): a total of exactly that much is admitted"))
            }
            guard bound.value > 0 else {
                lost(at: bound.pointer, "a total bound must be positive")
                return nil
            }
            let max: JSONValue = bound.value.rounded() == bound.value && bound.value < 9e15 ? .int(Int64(bound.value)) : .double(bound.value)
            return limit(counter: counter, window: window, max: max, incrementFrom: argument)
        }
        // Counting: each call adds `increment` (1), and a call is admitted while the total stays within the bound.
        let increment = state["increment"]?.numberValue ?? 1
        guard increment > 0, increment.rounded() == increment else {
            lost(at: statePointer.appending("increment"), "a fixed increment must be a positive whole number")
            return nil
        }
        let calls = bound.op == "lte" ? (bound.value / increment).rounded(.down) : (bound.value / increment).rounded(.up) - 1
        guard calls >= 1 else {
            lost(at: bound.pointer, "the bound admits no call at all; write a deny rule")
            return nil
        }
        if increment != 1 || bound.op == "lt" {
            notes.append(ImportNote(.changed, at: bound.pointer, "written as at most \(Int(calls)) calls per \(window)"))
        }
        return limit(counter: counter, window: window, max: .int(Int64(calls)), incrementFrom: nil)
    }

    /// A limit on Intercept's counter, named `<scope>.<counter>` as its conditions name it.
    private func limit(counter: String, window: String, max: JSONValue, incrementFrom: String?) -> JSONValue {
        var members: JSONObject = [
            "counter": .string("\(counterScope).\(counter)"), "window": .string(window), "max": max,
            "scope": "global", "align": "calendar",
        ]
        if let incrementFrom { members["increment_from"] = .string(incrementFrom) }
        return .object(members)
    }

    static func number(_ value: Double) -> String {
        JSONWriter().string(JSONValue.double(value))
    }
}
