import JSON
import NIOCore

/// A user approval asked through MRTR (basic/patterns/mrtr): what a 2026-07-28 `tools/call`
/// brings back on its retry, and the `input_required` answer that asks the person at the client.
///
/// The first round answers `input_required` with one `elicitation/create` (the
/// ``ApprovalPrompt`` form) under ``inputKey`` and a signed ``RequestStateSeal`` state; the retry
/// — a new request with a new id — carries the person's answer in `inputResponses` and the state
/// back in `requestState`. Pure values: the gateway decides what to do with them.
struct UserApprovalRound: Sendable {
    /// The `inputRequests` / `inputResponses` key of the gateway's question.
    static let inputKey = "gatehouse_approval"

    /// `params.requestState` as sent.
    var requestState: String?
    /// `params.inputResponses[inputKey]`: the person's answer, when the retry carries it.
    var answer: JSONValue?

    init(params: JSONValue?) {
        requestState = params?["requestState"]?.stringValue
        answer = params?["inputResponses"]?[Self.inputKey]
    }

    /// Whether the request carries back a state the gateway issued (else any state is an upstream's).
    var carriesGatewayState: Bool { requestState.map(RequestStateSeal.isGatewayState) ?? false }

    /// The person's answer as the approval gate reads it; nil when the retry lacks it (the
    /// gateway then asks again, as MRTR says).
    var elicitationAnswer: ElicitationAnswer? {
        guard let answer, answer.objectValue != nil else { return nil }
        return ApprovalPrompt.answer(result: answer, error: nil)
    }

    /// The `input_required` result asking `question` (``ApprovalPrompt/params``) with `state`.
    static func inputRequired(question: JSONValue, state: String) -> JSONValue {
        [
            "resultType": "input_required",
            "inputRequests": [inputKey: ["method": "elicitation/create", "params": question]],
            "requestState": .string(state),
        ]
    }

    /// The retry's params as the upstream gets them: without the gateway's `requestState` and
    /// answer (they were for the gateway), the rest — an upstream's own answers — kept.
    static func paramsForUpstream(_ params: JSONValue) -> JSONValue {
        guard case .object(var members) = params else { return params }
        members["requestState"] = nil
        if case .object(var responses)? = members["inputResponses"] {
            responses[inputKey] = nil
            members["inputResponses"] = responses.isEmpty ? nil : .object(responses)
        }
        return .object(members)
    }
}
