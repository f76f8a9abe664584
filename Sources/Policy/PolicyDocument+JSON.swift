import JSON

extension PolicyDocument {
    /// The document as JSON, in the order people write it: version, default, hide, tools, limits.
    ///
    /// Fields the author left out stay out, so a checked document prints back as it was written.
    public var json: JSONValue {
        var members = JSONObject()
        members["version"] = .string(version)
        if let description { members["description"] = .string(description) }
        if defaultIsExplicit { members["default"] = .string(defaultAction.rawValue) }
        if let hide { members["hide"] = .array(hide.map(JSONValue.string)) }
        if let allToolsLimits { members["all_tools"] = ["limits": .array(allToolsLimits.map(\.json))] }
        var rules = JSONObject()
        for (key, rule) in tools {
            rules[key] = rule.json
        }
        members["tools"] = .object(rules)
        if !limits.isEmpty { members["limits"] = .array(limits.map(\.json)) }
        return .object(members)
    }

    /// Pretty-printed `policy.json` text, ending in a newline.
    public var prettyText: String {
        JSONWriter(style: .pretty).string(json) + "\n"
    }
}

extension ToolRule {
    public var json: JSONValue {
        var members = JSONObject()
        if let description { members["description"] = .string(description) }
        if let action { members["action"] = .string(action.rawValue) }
        if hide { members["hide"] = .bool(true) }
        if let reason { members["reason"] = .string(reason) }
        if !conditions.isEmpty { members["conditions"] = .array(conditions.map(\.json)) }
        if let require { members["require"] = .array(require.map(\.json)) }
        if let denyIf { members["deny_if"] = .array(denyIf.map(\.json)) }
        if let rateLimit { members["rate_limit"] = rateLimit.json }
        if !limits.isEmpty { members["limits"] = .array(limits.map(\.json)) }
        if let approval {
            if approval.approver != .admin { members["approver"] = .string(approval.approver.rawValue) }
            switch approval.remember {
            case .session?: members["remember"] = ["scope": "session"]
            case .grant(let minutes)?: members["remember"] = ["scope": "grant", "minutes": .int(Int64(minutes))]
            case nil: break
            }
        }
        return .object(members)
    }
}

extension ConditionEntry {
    public var json: JSONValue {
        var members: JSONObject = ["conditions": .array(conditions.map(\.json))]
        if let onDeny { members["on_deny"] = .string(onDeny) }
        return .object(members)
    }
}

extension Limit {
    public var json: JSONValue {
        var members = JSONObject()
        members["counter"] = .string(counter)
        members["window"] = window.json
        members["max"] = .number(max)
        if scopeIsExplicit || scope != .grant { members["scope"] = .string(scope.rawValue) }
        if let incrementFrom { members["increment_from"] = .string(incrementFrom.description) }
        if align != .rolling { members["align"] = .string(align.rawValue) }
        return .object(members)
    }
}

extension RateLimitShorthand {
    public var json: JSONValue {
        var members = JSONObject()
        members["max"] = .number(max)
        members["window"] = window.json
        if scopeIsExplicit || scope != .grant { members["scope"] = .string(scope.rawValue) }
        return .object(members)
    }
}

extension Window {
    public var json: JSONValue {
        if let name { return .string(name) }
        return .number(seconds)
    }
}

extension Condition {
    public var json: JSONValue {
        var members = JSONObject()
        members["path"] = .string(path.description)
        members["op"] = .string(op.rawValue)
        if let value { members["value"] = value }
        return .object(members)
    }
}
