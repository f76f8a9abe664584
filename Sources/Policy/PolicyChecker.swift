import Foundation
import JSON

/// The outcome of checking a policy: the document when it is usable, and every problem found.
public struct PolicyCheckResult: Sendable {
    /// Present only when there are no errors (warnings may remain).
    public var document: PolicyDocument?
    public var problems: [PolicyProblem]

    public var errors: [PolicyProblem] { problems.filter { $0.severity == .error } }
    public var warnings: [PolicyProblem] { problems.filter { $0.severity == .warning } }
    public var isValid: Bool { document != nil }
}

/// Validates policy documents and reports ALL problems at once, each with its JSON pointer.
///
/// Unknown fields are errors, with a did-you-mean: a misspelt `limts` silently ignored would
/// mean a limit silently not enforced.
public enum PolicyChecker {
    /// Checks policy text (the content of a `policy.json`).
    public static func check(text: String) -> PolicyCheckResult {
        do {
            return check(try JSONParser.parse(text))
        } catch {
            let pointer = error.pointer ?? .root
            return PolicyCheckResult(document: nil, problems: [PolicyProblem(at: pointer, "not valid JSON: \(error)")])
        }
    }

    /// Checks a parsed policy document.
    public static func check(_ json: JSONValue) -> PolicyCheckResult {
        var context = CheckContext()
        let document = context.readDocument(json)
        context.checkSharedCounters(document)
        let problems = context.problems
        let hasErrors = problems.contains { $0.severity == .error }
        return PolicyCheckResult(document: hasErrors ? nil : document, problems: problems)
    }

    /// Loads a policy or throws every problem; warnings are dropped.
    public static func load(text: String, source: String? = nil) throws(PolicyError) -> PolicyDocument {
        let result = check(text: text)
        guard let document = result.document else { throw PolicyError(source: source, problems: result.errors) }
        return document
    }

    /// Warnings for rules that cannot match any tool a server offers, with a did-you-mean.
    ///
    /// The policy is still valid (a server may add the tool later), but a typo in a tool name
    /// usually means a rule that never applies.
    public static func warnings(for document: PolicyDocument, availableTools: [String]) -> [PolicyProblem] {
        let known = Set(availableTools)
        var problems: [PolicyProblem] = []
        for (key, _) in document.tools {
            let pointer = JSONPointer(["tools", key])
            if let pattern = ToolPattern(key), pattern.isPattern {
                if !availableTools.contains(where: pattern.matches) {
                    problems.append(PolicyProblem(.warning, at: pointer, "pattern '\(key)' matches none of the server's \(availableTools.count) tools"))
                }
            } else if !known.contains(key) {
                let hint = DidYouMean.hint(for: key, among: availableTools)
                problems.append(PolicyProblem(.warning, at: pointer, "the server has no tool named '\(key)'\(hint)"))
            }
        }
        return problems
    }
}

// MARK: - Reading the document

private struct CheckContext {
    var problems: [PolicyProblem] = []

    mutating func error(_ pointer: JSONPointer, _ message: String) {
        problems.append(PolicyProblem(.error, at: pointer, message))
    }

    static let documentFields = ["version", "default", "tools", "limits", "description"]
    static let ruleFields = ["action", "reason", "hide", "conditions", "limits", "rate_limit", "approver", "remember", "description"]
    static let limitFields = ["counter", "window", "max", "scope", "increment_from", "align"]
    static let rateLimitFields = ["max", "window", "scope"]
    static let conditionFields = ["path", "op", "value"]
    static let rememberFields = ["scope", "minutes"]

    mutating func readDocument(_ json: JSONValue) -> PolicyDocument {
        var document = PolicyDocument()
        guard let members = object(json, at: .root, what: "a policy") else { return document }
        reportUnknownFields(members, allowed: Self.documentFields, at: .root)

        switch members["version"] {
        case nil:
            error(.root, "missing required field 'version' (write \"version\": \"1\")")
        case .string(let version) where version == PolicyDocument.currentVersion:
            document.version = version
        case .string(let version):
            error(JSONPointer(["version"]), "unsupported version \"\(version)\"; this Gatehouse understands \"\(PolicyDocument.currentVersion)\"")
        case let other?:
            error(JSONPointer(["version"]), "must be the string \"\(PolicyDocument.currentVersion)\", found \(other.typeName)")
        }

        if let value = members["default"] {
            document.defaultIsExplicit = true
            document.defaultAction = enumValue(value, at: JSONPointer(["default"]), as: DefaultAction.self) ?? .deny
        } else {
            document.defaultIsExplicit = false
            document.defaultAction = .deny
        }

        if let value = members["description"] {
            document.description = string(value, at: JSONPointer(["description"]))
        }

        if let value = members["tools"] {
            let pointer = JSONPointer(["tools"])
            if let rules = object(value, at: pointer, what: "rules keyed by tool name or pattern") {
                for (key, ruleJSON) in rules {
                    let rulePointer = pointer.appending(key)
                    checkToolKey(key, at: rulePointer)
                    if let rule = readRule(ruleJSON, key: key, at: rulePointer) {
                        document.tools.append((key, rule))
                    }
                }
            }
        }

        if let value = members["limits"] {
            document.limits = readLimits(value, at: JSONPointer(["limits"]))
        }
        return document
    }

    mutating func checkToolKey(_ key: String, at pointer: JSONPointer) {
        if key.isEmpty {
            error(pointer, "a tool key must not be empty")
        } else if key.contains("**") {
            error(pointer, "pattern '\(key)' has '**'; a single '*' already matches any run of characters")
        }
    }

    mutating func readRule(_ json: JSONValue, key: String, at pointer: JSONPointer) -> ToolRule? {
        guard let members = object(json, at: pointer, what: "a tool rule") else { return nil }
        reportUnknownFields(members, allowed: Self.ruleFields, at: pointer)
        var rule = ToolRule()
        if let value = members["action"] {
            rule.action = enumValue(value, at: pointer.appending("action"), as: RuleAction.self)
        }
        if let value = members["reason"] {
            rule.reason = string(value, at: pointer.appending("reason"))
        }
        if let value = members["description"] {
            rule.description = string(value, at: pointer.appending("description"))
        }
        if let value = members["hide"] {
            if case .bool(let hide) = value {
                rule.hide = hide
            } else {
                error(pointer.appending("hide"), "must be true or false, found \(value.typeName)")
            }
        }
        if let value = members["conditions"] {
            rule.conditions = readConditions(value, at: pointer.appending("conditions"))
        }
        if let value = members["limits"] {
            rule.limits = readLimits(value, at: pointer.appending("limits"))
        }
        if let value = members["rate_limit"] {
            rule.rateLimit = readRateLimit(value, at: pointer.appending("rate_limit"))
        }
        rule.approval = readApproval(members, at: pointer)
        checkRuleCoherence(rule, members: members, at: pointer)
        return rule
    }

    /// Combinations that parse but cannot mean what the author wanted.
    mutating func checkRuleCoherence(_ rule: ToolRule, members: JSONObject, at pointer: JSONPointer) {
        if rule.hide, let action = rule.action, action != .deny {
            error(pointer.appending("hide"), "a hidden tool is always denied; remove \"action\": \"\(action.rawValue)\" or \"hide\"")
        }
        if rule.action == .deny || rule.hide {
            let verb = rule.hide ? "is hidden" : "has action 'deny'"
            for field in ["limits", "rate_limit", "conditions"] where members[field] != nil {
                error(pointer.appending(field), "the rule \(verb), so its \(field) would never apply; remove them")
            }
        }
        if rule.action != .requireApproval {
            for field in ["approver", "remember"] where members[field] != nil {
                error(pointer.appending(field), "only a rule with \"action\": \"require_approval\" takes '\(field)'")
            }
        }
    }

    mutating func readApproval(_ members: JSONObject, at pointer: JSONPointer) -> ApprovalOptions? {
        guard members["approver"] != nil || members["remember"] != nil else { return nil }
        var options = ApprovalOptions()
        if let value = members["approver"] {
            options.approver = enumValue(value, at: pointer.appending("approver"), as: Approver.self) ?? .admin
        }
        if let value = members["remember"] {
            options.remember = readRemember(value, at: pointer.appending("remember"))
        }
        return options
    }

    mutating func readRemember(_ json: JSONValue, at pointer: JSONPointer) -> RememberedApproval? {
        guard let members = object(json, at: pointer, what: "e.g. {\"scope\": \"grant\", \"minutes\": 30}") else { return nil }
        reportUnknownFields(members, allowed: Self.rememberFields, at: pointer)
        switch members["scope"] {
        case .string("session"):
            if members["minutes"] != nil {
                error(pointer.appending("minutes"), "a session-scoped approval lasts as long as the session; remove 'minutes'")
            }
            return .session
        case .string("grant"):
            guard let minutesJSON = members["minutes"] else {
                error(pointer, "missing required field 'minutes' (how long a grant-scoped approval stands)")
                return nil
            }
            guard let minutes = minutesJSON.intValue, minutes > 0 else {
                error(pointer.appending("minutes"), "must be a positive whole number of minutes, found \(minutesJSON.shortDescription)")
                return nil
            }
            return .grant(minutes: Int(minutes))
        case nil:
            error(pointer, "missing required field 'scope' (\"session\" or \"grant\")")
        case let other?:
            error(pointer.appending("scope"), "must be \"session\" or \"grant\", found \(other.shortDescription)")
        }
        return nil
    }

    // MARK: Conditions

    mutating func readConditions(_ json: JSONValue, at pointer: JSONPointer) -> [Condition] {
        guard case .array(let elements) = json else {
            error(pointer, "must be an array of conditions, found \(json.typeName)")
            return []
        }
        return elements.enumerated().compactMap { index, element in
            readCondition(element, at: pointer.appending(index))
        }
    }

    mutating func readCondition(_ json: JSONValue, at pointer: JSONPointer) -> Condition? {
        guard let members = object(json, at: pointer, what: "a condition, e.g. {\"path\": \"args.amount\", \"op\": \"lte\", \"value\": 100}") else { return nil }
        reportUnknownFields(members, allowed: Self.conditionFields, at: pointer)
        let path = requiredPath(members, field: "path", at: pointer)
        var op: ConditionOperator?
        if let value = members["op"] {
            op = enumValue(value, at: pointer.appending("op"), as: ConditionOperator.self)
        } else {
            error(pointer, "missing required field 'op' (one of \(ConditionOperator.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let value = members["value"]
        guard let op else { return nil }
        guard checkOperand(value, for: op, at: pointer) else { return nil }
        guard let path else { return nil }
        return Condition(path: path, op: op, value: value)
    }

    /// The operand must have the type the operator compares with; anything else is a mistake
    /// (the rules are the operator table's, ``ConditionOperand``).
    mutating func checkOperand(_ value: JSONValue?, for op: ConditionOperator, at pointer: JSONPointer) -> Bool {
        ConditionOperand.compile(value, for: op, at: pointer, problems: &problems) != nil
    }

    mutating func requiredPath(_ members: JSONObject, field: String, at pointer: JSONPointer) -> ArgumentPath? {
        guard let value = members[field] else {
            error(pointer, "missing required field '\(field)' (a dotted path such as \"args.amount\")")
            return nil
        }
        return path(value, at: pointer.appending(field))
    }

    mutating func path(_ value: JSONValue, at pointer: JSONPointer) -> ArgumentPath? {
        guard case .string(let text) = value, let path = ArgumentPath(text) else {
            error(pointer, "must be a dotted path into the call's arguments starting with 'args.' (e.g. \"args.amount\"), found \(value.shortDescription)")
            return nil
        }
        return path
    }

    // MARK: Limits

    mutating func readLimits(_ json: JSONValue, at pointer: JSONPointer) -> [Limit] {
        guard case .array(let elements) = json else {
            error(pointer, "must be an array of limits, found \(json.typeName)")
            return []
        }
        return elements.enumerated().compactMap { index, element in
            readLimit(element, at: pointer.appending(index))
        }
    }

    mutating func readLimit(_ json: JSONValue, at pointer: JSONPointer) -> Limit? {
        guard let members = object(json, at: pointer, what: "a limit, e.g. {\"counter\": \"writes\", \"window\": \"minute\", \"max\": 30, \"scope\": \"grant\"}") else { return nil }
        reportUnknownFields(members, allowed: Self.limitFields, at: pointer)

        var counter: String?
        switch members["counter"] {
        case nil: error(pointer, "missing required field 'counter' (a name; limits naming the same counter share one budget)")
        case .string(let name) where !name.trimmingCharacters(in: .whitespaces).isEmpty: counter = name
        case let other?: error(pointer.appending("counter"), "must be a non-empty string, found \(other.shortDescription)")
        }

        let window = requiredWindow(members, at: pointer)
        var incrementFrom: ArgumentPath?
        if let value = members["increment_from"] {
            incrementFrom = path(value, at: pointer.appending("increment_from"))
        }
        let max = requiredMax(members, wholeNumber: members["increment_from"] == nil, at: pointer)
        var scope = LimitScope.grant
        if let value = members["scope"] {
            scope = enumValue(value, at: pointer.appending("scope"), as: LimitScope.self) ?? .grant
        }
        var align = WindowAlignment.rolling
        if let value = members["align"] {
            align = enumValue(value, at: pointer.appending("align"), as: WindowAlignment.self) ?? .rolling
        }
        guard let counter, let window, let max else { return nil }
        if members["increment_from"] != nil && incrementFrom == nil { return nil }
        return Limit(counter: counter, window: window, max: max, scope: scope, incrementFrom: incrementFrom,
                     align: align, scopeIsExplicit: members["scope"] != nil)
    }

    mutating func readRateLimit(_ json: JSONValue, at pointer: JSONPointer) -> RateLimitShorthand? {
        guard let members = object(json, at: pointer, what: "e.g. {\"max\": 10, \"window\": 60}") else { return nil }
        reportUnknownFields(members, allowed: Self.rateLimitFields, at: pointer)
        let window = requiredWindow(members, at: pointer)
        let max = requiredMax(members, wholeNumber: true, at: pointer)
        var scope = LimitScope.grant
        if let value = members["scope"] {
            scope = enumValue(value, at: pointer.appending("scope"), as: LimitScope.self) ?? .grant
        }
        guard let window, let max else { return nil }
        return RateLimitShorthand(max: max, window: window, scope: scope, scopeIsExplicit: members["scope"] != nil)
    }

    mutating func requiredWindow(_ members: JSONObject, at pointer: JSONPointer) -> Window? {
        let names = Window.namedUnits.map(\.name)
        guard let value = members["window"] else {
            error(pointer, "missing required field 'window' (seconds, or one of \(names.joined(separator: ", ")))")
            return nil
        }
        let windowPointer = pointer.appending("window")
        switch value {
        case .string(let name):
            if let window = Window.named(name) { return window }
            error(windowPointer, "unknown window \"\(name)\"; use a number of seconds or one of \(names.joined(separator: ", "))\(DidYouMean.hint(for: name, among: names))")
        case .int, .double:
            if let seconds = value.numberValue, seconds > 0, seconds.isFinite { return Window(seconds: seconds) }
            error(windowPointer, "must be a positive number of seconds, found \(value.shortDescription)")
        default:
            error(windowPointer, "must be a number of seconds or one of \(names.joined(separator: ", ")), found \(value.typeName)")
        }
        return nil
    }

    mutating func requiredMax(_ members: JSONObject, wholeNumber: Bool, at pointer: JSONPointer) -> Double? {
        guard let value = members["max"] else {
            error(pointer, "missing required field 'max' (how many calls a window admits)")
            return nil
        }
        let maxPointer = pointer.appending("max")
        guard let number = value.numberValue else {
            error(maxPointer, "must be a number, found \(value.typeName)")
            return nil
        }
        if wholeNumber {
            guard value.intValue != nil, number >= 1 else {
                error(maxPointer, "must be a whole number of calls, at least 1, found \(value.shortDescription) (to block a tool use \"action\": \"deny\")")
                return nil
            }
        } else if number <= 0 {
            error(maxPointer, "must be a positive amount, found \(value.shortDescription)")
            return nil
        }
        return number
    }

    // MARK: Counters shared across rules

    /// A counter shared by several limits is one budget; its window, size and scope must agree.
    mutating func checkSharedCounters(_ document: PolicyDocument) {
        var seen: [String: (limit: Limit, pointer: JSONPointer)] = [:]
        func visit(_ limits: [Limit], at pointer: JSONPointer, into context: inout CheckContext) {
            for (index, limit) in limits.enumerated() {
                let limitPointer = pointer.appending(index)
                guard let first = seen[limit.counter] else {
                    seen[limit.counter] = (limit, limitPointer)
                    continue
                }
                var differences: [String] = []
                if first.limit.window.seconds != limit.window.seconds { differences.append("window") }
                if first.limit.max != limit.max { differences.append("max") }
                if first.limit.scope != limit.scope { differences.append("scope") }
                if first.limit.align != limit.align { differences.append("align") }
                if (first.limit.incrementFrom == nil) != (limit.incrementFrom == nil) { differences.append("increment_from") }
                if !differences.isEmpty {
                    context.error(limitPointer, "counter '\(limit.counter)' is also declared at \(first.pointer) with a different \(differences.joined(separator: ", ")); limits sharing a counter share one budget, so they must agree")
                }
            }
        }
        for (key, rule) in document.tools {
            visit(rule.limits, at: JSONPointer(["tools", key, "limits"]), into: &self)
        }
        visit(document.limits, at: JSONPointer(["limits"]), into: &self)
    }

    // MARK: Helpers

    mutating func object(_ json: JSONValue, at pointer: JSONPointer, what: String) -> JSONObject? {
        guard case .object(let members) = json else {
            error(pointer, "must be a JSON object (\(what)), found \(json.typeName)")
            return nil
        }
        return members
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

    mutating func reportUnknownFields(_ members: JSONObject, allowed: [String], at pointer: JSONPointer) {
        for key in members.keys where !allowed.contains(key) {
            let hint = DidYouMean.suggestion(for: key, among: allowed).map { " (did you mean '\($0)'?)" }
                ?? " (expected one of: \(allowed.joined(separator: ", ")))"
            error(pointer.appending(key), "unknown field '\(key)'\(hint)")
        }
    }

}

extension JSONValue {
    /// How a checker message quotes a value: scalars as JSON text, anything else by its type.
    var shortDescription: String {
        switch self {
        case .string, .int, .double, .bool: return JSONWriter().string(self)
        default: return typeName
        }
    }

    /// A string, number or boolean.
    var isScalar: Bool {
        switch self {
        case .string, .int, .double, .bool: return true
        default: return false
        }
    }
}
