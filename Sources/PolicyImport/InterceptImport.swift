import JSON
import Policy

/// Converts a policy written for Intercept (PolicyLayer's open-source engine, YAML) into the
/// equivalent Gatehouse policy, in PolicyLayer's forms (`hide`, `all_tools`, `require`,
/// `deny_if`), and says what it changed and what it could not carry over.
///
/// ```yaml
/// version: "1"
/// default: deny
/// hide: [delete_repository]
/// tools:
///   create_issue:
///     rules:
///       - name: "hourly issue limit"
///         rate_limit: 5/hour
///   "*":
///     rules:
///       - name: "global rate limit"
///         rate_limit: 60/minute
/// ```
///
/// Intercept's wildcard `"*"` rules apply to every call, besides the tool's own. Its limits
/// become `all_tools.limits`; its entries are copied into every tool's rule and, under a
/// default allow, into a `"*"` rule for the tools no rule names (under a default deny Intercept
/// denies those before its wildcard rules, and so does Gatehouse).
public enum InterceptImport {
    static let documentFields = ["version", "description", "default", "hide", "tools"]

    public static func convert(yaml: String) throws(PolicyImportError) -> PolicyConversion {
        let source = try YAMLReader.read(yaml)
        guard case .object(let document) = source else {
            throw PolicyImportError("an Intercept policy is a mapping with version, tools, hide and default, found \(source.typeName)")
        }
        var notes: [ImportNote] = []
        for key in document.keys where !documentFields.contains(key) {
            notes.append(ImportNote(.notCarried, at: JSONPointer([key]), "unknown field '\(key)'"))
        }
        guard document["version"]?.stringValue == PolicyDocument.currentVersion else {
            throw PolicyImportError("version must be \"1\", found \(document["version"].map { JSONWriter().string($0) } ?? "nothing")", at: JSONPointer(["version"]))
        }
        var policy: JSONObject = ["version": "1"]
        if let description = document["description"]?.stringValue { policy["description"] = .string(description) }
        let defaultAction = document["default"]?.stringValue ?? "allow"
        guard defaultAction == "allow" || defaultAction == "deny" else {
            throw PolicyImportError("default must be allow or deny, found \(JSONWriter().string(document["default"] ?? .null))", at: JSONPointer(["default"]))
        }
        if document["default"] == nil {
            notes.append(ImportNote(.changed, at: .root, "Intercept allows what no rule names when default is omitted; written as \"default\": \"allow\" (Gatehouse's omitted default is deny)"))
        }
        policy["default"] = .string(defaultAction)
        if let hide = document["hide"] { policy["hide"] = hide }

        let (tools, wildcard) = convertTools(document["tools"], notes: &notes)
        if !wildcard.limits.isEmpty { policy["all_tools"] = ["limits": .array(wildcard.limits)] }
        var rules = JSONObject()
        for (name, converted) in tools {
            var merged = converted
            merged.require += wildcard.require
            merged.denyIf += wildcard.denyIf
            rules[name] = rule(merged)
        }
        if defaultAction == "allow" && !(wildcard.require.isEmpty && wildcard.denyIf.isEmpty) {
            rules["*"] = rule(ConvertedRules(require: wildcard.require, denyIf: wildcard.denyIf, names: wildcard.names))
        }
        policy["tools"] = .object(rules)
        return try checked(PolicyConversion(policy: .object(policy), notes: notes))
    }

    /// Each tool's rules converted, in the author's order, and the wildcard's apart.
    static func convertTools(_ json: JSONValue?, notes: inout [ImportNote]) -> (tools: [(String, ConvertedRules)], wildcard: ConvertedRules) {
        var tools: [(String, ConvertedRules)] = []
        var wildcard = ConvertedRules()
        guard case .object(let entries)? = json else {
            if json != nil { notes.append(ImportNote(.notCarried, at: JSONPointer(["tools"]), "tools must be a mapping of tool names")) }
            return (tools, wildcard)
        }
        for (name, entry) in entries {
            let pointer = JSONPointer(["tools", name])
            if name != "*" && name.contains("*") {
                notes.append(ImportNote(.notCarried, at: pointer, "Intercept reads '\(name)' as an exact name, Gatehouse as a pattern; rename the key or write the pattern on purpose"))
                continue
            }
            var converter = InterceptRuleConverter(tool: name)
            var converted = ConvertedRules()
            if case .object(let members) = entry {
                for key in members.keys where key != "rules" {
                    notes.append(ImportNote(.notCarried, at: pointer.appending(key), "unknown field '\(key)' (a tool entry holds rules)"))
                }
                if let rules = members["rules"] { converted = converter.convert(rules, at: pointer.appending("rules")) }
            } else if entry != .null {
                notes.append(ImportNote(.notCarried, at: pointer, "a tool entry must be a mapping with rules"))
            }
            notes += converter.notes
            if name == "*" {
                wildcard = converted
            } else {
                tools.append((name, converted))
            }
        }
        return (tools, wildcard)
    }

    /// A Gatehouse rule from converted parts: `{}` when there is nothing to check.
    static func rule(_ converted: ConvertedRules) -> JSONValue {
        var members = JSONObject()
        if !converted.names.isEmpty {
            members["description"] = .string("Intercept rules: " + converted.names.map { "'\($0)'" }.joined(separator: ", "))
        }
        // A deny_if entry without conditions denies every call: nothing else would apply.
        let blocked = converted.denyIf.filter { $0["conditions"]?.arrayValue?.isEmpty == true }
        if !blocked.isEmpty {
            members["deny_if"] = .array(blocked)
            return .object(members)
        }
        if !converted.require.isEmpty { members["require"] = .array(converted.require) }
        if !converted.denyIf.isEmpty { members["deny_if"] = .array(converted.denyIf) }
        if !converted.limits.isEmpty { members["limits"] = .array(converted.limits) }
        return .object(members)
    }

    /// The converted policy must pass the checker; what it reports comes from the source (a
    /// misspelt operator, a bad operand) and is reported as such.
    static func checked(_ conversion: PolicyConversion) throws(PolicyImportError) -> PolicyConversion {
        let result = PolicyChecker.check(conversion.policy)
        guard result.isValid else {
            let problems = result.errors.map { "  \($0)" }.joined(separator: "\n")
            throw PolicyImportError("the converted policy does not pass gatehouse check (pointers into the converted JSON):\n\(problems)")
        }
        return conversion
    }
}
