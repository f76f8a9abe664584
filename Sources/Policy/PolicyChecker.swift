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
/// One language, two spellings: Gatehouse's own fields (`action`, `reason`, `conditions`,
/// `rate_limit`, per-rule `hide`…) and PolicyLayer's (`hide` list, `all_tools`, `require`,
/// `deny_if`, `on_deny`), mixed freely. Unknown fields are errors, with a did-you-mean: a
/// misspelt `limts` silently ignored would mean a limit silently not enforced. The reading is
/// in ``CheckContext`` and its extensions, one file per section of the document.
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
        context.checkHiddenRules(document)
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
        for (index, name) in (document.hide ?? []).enumerated() where name != HideList.everyTool && !known.contains(name) {
            let hint = DidYouMean.hint(for: name, among: availableTools)
            problems.append(PolicyProblem(.warning, at: JSONPointer(["hide", String(index)]), "the server has no tool named '\(name)' to hide\(hint)"))
        }
        return problems
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
