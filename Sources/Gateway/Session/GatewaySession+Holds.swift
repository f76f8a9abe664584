import JSON
import NIOCore
import Policy

/// Calls held for a person's approval: answered with a stream at once, kept alive while the
/// approval gate decides, asked of the person at the client by elicitation when it can answer,
/// withdrawn when the agent cancels or goes away.
extension GatewaySession {
    /// Answers with a stream at once and lets the approval gate decide in the background: the
    /// agent hears keep-alives (and progress) meanwhile; approved, the call is forwarded.
    func hold(_ message: JSONRPCMessage, id: RequestID, call: ToolCall, acceptsInterim: Bool) -> AgentReply {
        let (stream, output) = AsyncStream.makeStream(of: ReplyPart.self, bufferingPolicy: .unbounded)
        let withdrawal = WithdrawalSignal()
        let firstTick = clock.now() + Self.firstKeepAlive
        let problem = state.withLock { state -> SessionError? in
            if let refusal = state.refusal(of: id) { return refusal }
            state.held[id] = HeldRequest(output: output, withdrawal: withdrawal, acceptsInterim: acceptsInterim,
                                         progressToken: message.progressToken, nextTick: firstTick)
            return nil
        }
        if let problem {
            return .immediate(GatewayMessages.error(id: id, code: problem.code, message: problem.description))
        }
        output.onTermination = { termination in
            if case .cancelled = termination { withdrawal.fire("the agent stopped waiting for the answer") }
        }
        let canAsk = acceptsInterim && state.withLock { $0.agentCanElicit }
        let askUser: (@Sendable (JSONValue) async -> ElicitationAnswer)? = canAsk ? { @Sendable [weak self] params in
            await self?.elicit(params, on: id) ?? .failed("the session ended")
        } : nil
        let hold = HoldContext(askUser: askUser, withdrawn: withdrawal)
        Task {
            let admission = await enforcer.admit(call, server: route.server, hold: hold)
            let stillHeld = state.withLock { $0.held.removeValue(forKey: id) } != nil && withdrawal.reason == nil
            switch admission {
            case .refuse(let refusal):
                output.yield(.response(GatewayMessages.refusal(id: id, refusal: refusal)))
                output.finish()
            case .forward(let admitted) where !stillHeld:
                // Approved as the agent went away: nothing to forward, the units come back.
                await enforcer.finish(admitted, end: .notSent("the agent went away before the approved call was forwarded"))
                output.finish()
            case .forward(let admitted):
                await send(message, id: id, method: "tools/call", admitted: admitted, output: output, acceptsInterim: acceptsInterim)
            }
        }
        return .stream(stream)
    }

    /// Asks the person at the client (`elicitation/create` on the held request's stream, with
    /// an id of the gateway's own) and waits for the answer, or for the gate to give up.
    private func elicit(_ params: JSONValue, on requestID: RequestID) async -> ElicitationAnswer {
        let (elicitationID, output) = state.withLock { state -> (RequestID, AsyncStream<ReplyPart>.Continuation?) in
            state.elicitationCounter += 1
            return (RequestID.string("\(RequestID.gatewayPrefix)elicit-\(state.elicitationCounter)"), state.held[requestID]?.output)
        }
        guard let output else { return .failed("the request is no longer waiting") }
        let request = GatewayMessages.request(id: elicitationID, method: "elicitation/create", paramsJSON: JSONWriter().string(params))
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let cancelled = state.withLock { state -> Bool in
                    if Task.isCancelled { return true }
                    state.elicitations[elicitationID] = continuation
                    return false
                }
                if cancelled {
                    continuation.resume(returning: .failed("cancelled"))
                } else {
                    output.yield(.interim(request))
                }
            }
        } onCancel: {
            let waiting = state.withLock { $0.elicitations.removeValue(forKey: elicitationID) }
            waiting?.resume(returning: .failed("cancelled"))
        }
    }

    /// Takes the agent's answer to one of the gateway's own `elicitation/create` requests.
    func answersElicitation(_ message: JSONRPCMessage) -> Bool {
        guard let id = message.id, id.isGatewayOwn,
              let waiting = state.withLock({ $0.elicitations.removeValue(forKey: id) }) else { return false }
        let error = message.kind == .errorResponse ? (message.errorSummary ?? "error") : nil
        waiting.resume(returning: ApprovalPrompt.answer(result: message.decodedResult(), error: error))
        return true
    }

    /// Withdraws a held call (the agent cancelled it or went away); false when none is held.
    func withdraw(_ id: RequestID, reason: String) -> Bool {
        guard let held = state.withLock({ $0.held[id] }) else { return false }
        held.withdrawal.fire(reason)
        return true
    }

    /// A held call's periodic sign of life: a progress notification when the agent asked for
    /// progress (its `progress` one higher each time), else an SSE keep-alive comment.
    static func tick(_ held: HeldRequest, ticks: Int) {
        guard let token = held.progressToken else {
            held.output.yield(.keepAlive)
            return
        }
        held.output.yield(.interim(GatewayMessages.notification(method: "notifications/progress", params: [
            "progressToken": token.jsonValue, "progress": .int(Int64(ticks)),
            "message": "waiting for a person to approve the call",
        ])))
    }
}
