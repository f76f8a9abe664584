import JSON

/// A tool rule: Gatehouse's fields (`action`, `reason`, `hide`, `conditions`, `rate_limit`,
/// approvals) and PolicyLayer's entry lists (`require`, `deny_if`), and how they combine.
extension CheckContext {
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
                let hint = value.arrayValue != nil ? " (a list of tools to hide goes at the top of the policy: \"hide\": [\"\(key)\"])" : ""
                error(pointer.appending("hide"), "must be true or false, found \(value.typeName)\(hint)")
            }
        }
        if let value = members["conditions"] {
            rule.conditions = readConditions(value, at: pointer.appending("conditions"))
        }
        if let value = members["require"] {
            rule.require = readEntries(value, kind: .require, at: pointer.appending("require"))
        }
        if let value = members["deny_if"] {
            rule.denyIf = readEntries(value, kind: .denyIf, at: pointer.appending("deny_if"))
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
            for field in ["limits", "rate_limit", "conditions", "require", "deny_if"] where members[field] != nil {
                error(pointer.appending(field), "the rule \(verb), so its \(field) would never apply; remove them")
            }
        } else if let index = Self.blockingEntry(members["deny_if"]) {
            // PolicyLayer's way to block a tool outright: valid, but nothing else can apply.
            for field in ["limits", "rate_limit", "conditions", "require"] where members[field] != nil {
                warning(pointer.appending(field), "deny_if/\(index) has no conditions, so it denies every call and this \(field) never applies")
            }
        }
        if rule.action != .requireApproval {
            for field in ["approver", "remember"] where members[field] != nil {
                error(pointer.appending(field), "only a rule with \"action\": \"require_approval\" takes '\(field)'")
            }
        }
    }

    /// The index of a `deny_if` entry written with `"conditions": []` (read from the text: an
    /// entry whose conditions were all invalid is not one).
    static func blockingEntry(_ denyIf: JSONValue?) -> Int? {
        denyIf?.arrayValue?.firstIndex { $0.objectValue?["conditions"]?.arrayValue?.isEmpty == true }
    }

    // MARK: require and deny_if entries

    mutating func readEntries(_ json: JSONValue, kind: EntryKind, at pointer: JSONPointer) -> [ConditionEntry] {
        guard let elements = array(json, at: pointer, of: "entries, e.g. [{\"conditions\": [...], \"on_deny\": \"...\"}]") else { return [] }
        return elements.enumerated().compactMap { index, element in
            readEntry(element, kind: kind, at: pointer.appending(index))
        }
    }

    mutating func readEntry(_ json: JSONValue, kind: EntryKind, at pointer: JSONPointer) -> ConditionEntry? {
        guard let members = object(json, at: pointer, what: "an entry, e.g. {\"conditions\": [{\"path\": \"args.amount\", \"op\": \"gt\", \"value\": 10000}], \"on_deny\": \"…\"}") else { return nil }
        reportUnknownFields(members, allowed: Self.entryFields, at: pointer)
        var onDeny: String?
        if let value = members["on_deny"] {
            onDeny = string(value, at: pointer.appending("on_deny"))
            if let text = onDeny, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                error(pointer.appending("on_deny"), "must not be empty: it is what the agent reads when this entry denies a call")
            }
        }
        guard let value = members["conditions"] else {
            let hint = kind == .denyIf ? "; [] denies every call" : ""
            error(pointer, "missing required field 'conditions' (a list of conditions\(hint))")
            return nil
        }
        let conditions = readConditions(value, at: pointer.appending("conditions"))
        if kind == .require, value.arrayValue?.isEmpty == true {
            warning(pointer.appending("conditions"), "a require entry without conditions requires nothing, so it never denies")
        }
        return ConditionEntry(conditions: conditions, onDeny: onDeny)
    }

    // MARK: Approvals

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
}
