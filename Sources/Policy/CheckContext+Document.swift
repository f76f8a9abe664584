import Foundation
import JSON

/// The document's own fields: `version`, `default`, `description`, the `hide` list, `tools`,
/// `limits` and `all_tools`, and the checks that span several rules.
extension CheckContext {
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
        if let value = members["hide"] {
            document.hide = readHideList(value, at: JSONPointer(["hide"]))
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
        if let value = members["all_tools"] {
            document.allToolsLimits = readAllTools(value, at: JSONPointer(["all_tools"]))
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

    /// PolicyLayer's `hide`: tool names, or `"*"` for every tool.
    mutating func readHideList(_ json: JSONValue, at pointer: JSONPointer) -> [String] {
        guard let elements = array(json, at: pointer, of: "tool names to hide (\"*\" hides every tool)") else { return [] }
        var names: [String] = []
        var seen: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            let elementPointer = pointer.appending(index)
            guard case .string(let name) = element else {
                error(elementPointer, "must be a tool name, found \(element.shortDescription)")
                continue
            }
            if name.trimmingCharacters(in: .whitespaces).isEmpty {
                error(elementPointer, "a tool name to hide must not be empty")
            } else if name != HideList.everyTool && name.contains("*") {
                error(elementPointer, "hide takes tool names, or \"*\" for every tool; to hide the tools matching a pattern write \"\(name)\": {\"hide\": true} under tools")
            } else {
                if let first = seen[name] {
                    warning(elementPointer, "'\(name)' is already hidden at \(pointer.appending(first))")
                }
                seen[name] = seen[name] ?? index
                // Kept as written, duplicates too, so each entry keeps its index (its pointer).
                names.append(name)
            }
        }
        return names
    }

    /// `{"limits": [...]}`: PolicyLayer's name for the policy-wide limits.
    mutating func readAllTools(_ json: JSONValue, at pointer: JSONPointer) -> [Limit] {
        guard let members = object(json, at: pointer, what: "e.g. {\"limits\": [...]}") else { return [] }
        reportUnknownFields(members, allowed: Self.allToolsFields, at: pointer)
        guard let value = members["limits"] else { return [] }
        return readLimits(value, at: pointer.appending("limits"))
    }

    // MARK: Checks across rules

    /// A counter shared by several limits is one budget; its window, size and scope must agree.
    mutating func checkSharedCounters(_ document: PolicyDocument) {
        var seen: [String: (limit: Limit, pointer: JSONPointer)] = [:]
        func visit(_ limit: Limit, at limitPointer: JSONPointer, into context: inout CheckContext) {
            guard let first = seen[limit.counter] else {
                seen[limit.counter] = (limit, limitPointer)
                return
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
        for (key, rule) in document.tools {
            for (index, limit) in rule.limits.enumerated() {
                visit(limit, at: JSONPointer(["tools", key, "limits", String(index)]), into: &self)
            }
        }
        for (limit, pointer) in document.policyWideLimits {
            visit(limit, at: pointer, into: &self)
        }
    }

    /// A rule for a tool the `hide` list names never applies: hidden wins.
    mutating func checkHiddenRules(_ document: PolicyDocument) {
        guard let hide = document.hide else { return }
        let list = HideList(hide)
        for (key, _) in document.tools {
            if let index = list.index(hiding: key) {
                warning(JSONPointer(["tools", key]), "the tool is hidden by /hide/\(index), which wins over this rule: it never applies")
            }
        }
    }
}
