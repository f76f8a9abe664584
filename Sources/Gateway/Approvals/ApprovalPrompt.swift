import JSON
import Policy

/// What the gateway asks the person at the client (`elicitation/create`), and how it reads the
/// answer: pure functions, so the wording and the "explicit accept only" rule are tested alone.
public enum ApprovalPrompt {
    /// The boolean field of the form; absent counts as yes, since `accept` is itself explicit.
    public static let field = "approve"

    /// `elicitation/create` params: a message naming the tool, server, arguments, risk and
    /// reason, and a one-checkbox form. Tool text is third-party: it goes in as data, quoted.
    public static func params(call: ToolCall, server: String, risk: String?, reason: String) -> JSONValue {
        var message = "Gatehouse holds a call for your approval.\nTool: \(call.tool) on server \(server)\n"
        message += "Arguments: \(JSONWriter(sortedKeys: true).string(call.arguments))\n"
        if let risk { message += "Risk: \(risk)\n" }
        message += "Why: \(reason)\nAccept to let the call through; decline to refuse it."
        return [
            "mode": "form",
            "message": .string(message),
            "requestedSchema": [
                "type": "object",
                "properties": [
                    field: ["type": "boolean", "title": "Approve this call", "default": true],
                ],
                "required": [.string(field)],
            ],
        ]
    }

    /// Why the call was refused, or nil when the answer lets it through: only `accept` does,
    /// and not with `"approve": false`.
    public static func refusal(of answer: ElicitationAnswer) -> String? {
        switch answer {
        case .accepted(let content):
            if content?[field]?.boolValue == false { return "the user declined the call" }
            return nil
        case .declined(let action):
            return action == "cancel" ? "the user dismissed the approval request" : "the user declined the call"
        case .failed(let problem):
            return "the user could not be asked (\(problem))"
        case .deferred:
            return ApprovalDesk.askedOnRetryReason
        }
    }

    /// The client's answer to the gateway's `elicitation/create`, from its result or error.
    public static func answer(result: JSONValue?, error: String?) -> ElicitationAnswer {
        if let error { return .failed(error) }
        guard let action = result?["action"]?.stringValue else { return .failed("the answer has no action") }
        return action == "accept" ? .accepted(result?["content"]) : .declined(action: action)
    }
}
