import Foundation
import JSON
import NIOCore
import Policy
import Synchronization

/// User approvals at 2026-07-28 (`"approver": "user"`), through MRTR: the first call is answered
/// `input_required` with the question and a signed `requestState`; the retry's state is verified
/// here, then the policy decides the call again with the person's answer in hand.
extension StatelessGateway {
    /// The signer of the gateway's `requestState`, under the installation's derived key (nil
    /// until the installation key is read: the user is then not asked this way).
    var requestStateSeal: RequestStateSeal? {
        enforcer.auditArguments.digester.derivedKey(purpose: RequestStateSeal.keyPurpose).map(RequestStateSeal.init(key:))
    }

    /// What a `tools/call` brings back of a question the gateway asked.
    enum Retry {
        /// No state of the gateway's (none, or an upstream's, which passes through).
        case none
        /// A verified retry, and the params the upstream gets (without the gateway's state).
        case answered(UserApprovalRound, upstreamParams: ByteBuffer?)
        /// A state that fails verification: the -32602 answer (already audited).
        case refused(Reply)
    }

    func retry(of message: JSONRPCMessage, id: RequestID, call: ToolCall, route: UpstreamRoute) async -> Retry {
        guard message.paramsHas("requestState") else { return .none }
        let round = UserApprovalRound(params: message.decodedParams())
        guard round.carriesGatewayState else { return .none }
        if let problem = verify(round, call: call, server: route.server).map(StatelessProblem.invalidRequestState) {
            await recordRefused(problem, method: "tools/call", server: route.server, grant: call.grant)
            return .refused(Reply(status: .ok, body: GatewayMessages.error(id: id, code: problem.code, message: problem.description,
                                                                           data: problem.data)))
        }
        return .answered(round, upstreamParams: Self.paramsForUpstream(message, id: id))
    }

    /// Why the retry's gateway-issued state is refused, or nil when it is good for `call`.
    func verify(_ round: UserApprovalRound, call: ToolCall, server: String) -> RequestStateProblem? {
        guard let state = round.requestState else { return nil }
        guard let seal = requestStateSeal else { return .badSignature }
        let expected = ApprovalTicket(call: call, server: server, expiresAt: enforcer.clock.now())
        if case .failure(let problem) = seal.verify(state, for: expected, now: enforcer.clock.now()) { return problem }
        return nil
    }

    /// A signed state for `call`, good for the approval gate's answer window.
    func seal(_ call: ToolCall, server: String) -> String? {
        let expires = enforcer.clock.now().addingTimeInterval(Self.seconds(enforcer.approvals.answerWindow))
        return requestStateSeal?.seal(ApprovalTicket(call: call, server: server, expiresAt: expires))
    }

    /// The retry's params as the upstream gets them: without the gateway's state, its answer
    /// and the sessionless envelope.
    static func paramsForUpstream(_ message: JSONRPCMessage, id: RequestID) -> ByteBuffer? {
        guard let params = message.decodedParams() else { return message.paramsWithoutEnvelope }
        let stripped = JSONWriter().string(UserApprovalRound.paramsForUpstream(params))
        let request = #"{"jsonrpc":"2.0","id":\#(id.json),"method":"tools/call","params":\#(stripped)}"#
        return (try? JSONRPCMessage.parse(ByteBuffer(string: request)))?.paramsWithoutEnvelope
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

extension ApprovalTicket {
    /// The ticket binding `call` on `server` until `expiresAt`.
    init(call: ToolCall, server: String, expiresAt: Date) {
        self.init(server: server, tool: call.tool, argumentsDigest: Self.digest(of: call.arguments), grant: call.grant,
                  expiresAtMs: Int64((expiresAt.timeIntervalSince1970 * 1_000).rounded(.down)))
    }
}

/// What a 2026-07-28 call offers the approval gate as "asking the user": the answer its retry
/// brought, or — when the client can elicit — deferring the question to an `input_required`
/// answer (the question is kept here for it).
final class UserAsker: Sendable {
    private let answer: ElicitationAnswer?
    private let canDefer: Bool
    private let asked = Mutex<JSONValue?>(nil)

    init(answer: ElicitationAnswer?, canDefer: Bool) {
        self.answer = answer
        self.canDefer = canDefer
    }

    /// The question the gate deferred, if it did.
    var question: JSONValue? { asked.withLock { $0 } }

    var askUser: (@Sendable (JSONValue) async -> ElicitationAnswer)? {
        if let answer { return { _ in answer } }
        guard canDefer else { return nil }
        return { [self] question in
            asked.withLock { $0 = question }
            return .deferred
        }
    }
}
