import JSON
import Policy

/// The `policy` field of a builder request, checked: a JSON object (what the builder page
/// sends) or a string holding `policy.json` text (pasted; its syntax errors become problems
/// with a line and column instead of a refused request).
struct PolicySubmission: Sendable {
    /// The checker's verdict; its document is set when there are no errors.
    let check: PolicyCheckResult
    /// The policy as submitted, for writing back exactly what its author wrote.
    let json: JSONValue?

    static func read(_ body: JSONRequestBody, field: String = "policy") throws(APIError) -> PolicySubmission {
        let value = try body.requiredValue(field)
        switch value {
        case .object:
            return PolicySubmission(check: PolicyChecker.check(value), json: value)
        case .string(let text):
            let check = PolicyChecker.check(text: text)
            return PolicySubmission(check: check, json: check.isValid ? try? JSONParser.parse(text) : nil)
        default:
            throw .badRequest("'\(field)' must be a policy: a JSON object, or a string holding policy.json text; not \(value.typeName)")
        }
    }

    /// The compiled policy, or 422 with every problem.
    func compiled() throws(APIError) -> CompiledPolicy {
        guard let document = check.document else { throw .invalidPolicy(check.problems) }
        do {
            return try CompiledPolicy(document)
        } catch {
            throw .invalidPolicy(error.problems)
        }
    }
}
