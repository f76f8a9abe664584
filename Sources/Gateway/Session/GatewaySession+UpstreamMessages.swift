import JSON
import NIOCore
import Upstream

/// What the upstream sends: responses to the requests that wait for them (`tools/list` filtered
/// and compared with its pins), its own requests and notifications onto the stream they belong
/// to, refused messages audited, and the end of a connection failing what it carried.
extension GatewaySession {
    /// Reads one connection's events until it closes.
    func read(_ link: UpstreamLink) async {
        for await event in link.connection.events {
            switch event {
            case .message(let message):
                await route(message, from: link)
            case .closed(let closure):
                await upstreamClosed(closure, link: link)
            }
        }
    }

    func route(_ upstreamMessage: UpstreamMessage, from link: UpstreamLink) async {
        let message: JSONRPCMessage
        do {
            message = try JSONRPCMessage.parse(upstreamMessage.bytes)
        } catch {
            if case .refused(let problem, let id, let method) = error {
                await refuseUpstreamMessage(problem, id: id, method: method)
            } else {
                logger.warning("upstream sent something that is not a JSON-RPC message; dropped it (\(error))")
            }
            return
        }
        switch message.kind {
        case .response, .errorResponse:
            await answer(message, transportFailure: upstreamMessage.transportFailure)
        case .request, .notification:
            if message.method == "notifications/tools/list_changed", enforcer.pins != nil {
                Task { await self.recheckTools(on: link) }
            }
            deliverInterim(message, related: upstreamMessage.relatedRequestID.flatMap(RequestID.init(jsonText:)))
        }
    }

    /// A message from the upstream that the envelope rules refuse: never delivered to the agent,
    /// logged and audited. A refused response still ends the request it answers (with an error:
    /// the upstream may have acted, so its units are kept); a refused request is answered upstream.
    private func refuseUpstreamMessage(_ problem: JSONRPCEnvelopeProblem, id: RequestID?, method: String?) async {
        logger.warning("upstream sent a message the gateway refuses; dropped it: \(problem)")
        await enforcer.recordRefusedMessage(problem, method: method, from: .upstream, server: route.server, grant: grant, session: self.id)
        guard let id else { return }
        let reason = "upstream \(route.server) sent a message the gateway refuses: \(problem)"
        if method != nil {
            await forward(GatewayMessages.error(id: id, code: JSONRPCErrorCode.invalidRequest, message: "Invalid Request: \(problem)"),
                          what: "an error for a refused request")
        } else if upstream.failOwn(id, reason: reason) {
            return
        } else {
            await fail(id, code: JSONRPCErrorCode.internalError, message: reason, end: .lost(reason))
        }
    }

    /// The whole listing once its last page arrives (`{"tools": [...]}`); nil before that.
    private func completeListing(_ message: JSONRPCMessage, _ pending: PendingRequest) -> JSONValue? {
        guard let result = message.decodedResult() else { return nil }
        let tools = result["tools"]?.arrayValue ?? []
        let complete = result["nextCursor"].map(\.isNull) ?? true
        return state.withLock { $0.addListingPage(tools: tools, continuesListing: pending.continuesListing, complete: complete) }
    }

    /// The upstream says its tools changed: list them at once (a request of the gateway's own)
    /// and compare them with their pins, before the agent asks.
    private func recheckTools(on link: UpstreamLink) async {
        guard let pins = enforcer.pins else { return }
        do {
            let answer = try await upstream.request("tools/list", paramsJSON: "{}", on: link)
            // A paginated listing is left to the agent's own tools/list, which reads every page.
            guard answer.kind == .response, let result = answer.decodedResult(), result["nextCursor"].map(\.isNull) ?? true else { return }
            await pins.observe(server: route.server, listing: result, grant: grant, session: id)
        } catch {
            logger.notice("could not re-list tools after tools/list_changed: \(error)")
        }
    }

    /// A response from the upstream (or one its transport wrote for it): to the request that
    /// waits for it, then settled.
    private func answer(_ message: JSONRPCMessage, transportFailure: TransportFailure? = nil) async {
        guard let id = message.id else {
            logger.warning("upstream sent an error without an id: \(message.errorSummary ?? "?")")
            return
        }
        if upstream.answerOwn(message) { return }
        guard let pending = take(id) else {
            logger.debug("upstream answered request \(id), which is no longer waiting")
            return
        }
        var bytes = message.bytes
        var hidden: [String] = []
        if pending.filtersTools && message.kind == .response, let pins = enforcer.pins, let listing = completeListing(message, pending) {
            await pins.observe(server: route.server, listing: listing, grant: grant, session: self.id)
        }
        if pending.filtersTools && message.kind == .response {
            let filtered = enforcer.toolListFilter(server: route.server).filter(message)
            bytes = filtered.message
            hidden = filtered.removed
        }
        pending.output.yield(.response(bytes))
        pending.output.finish()
        if let call = pending.call {
            await enforcer.finish(call, end: CallEnd(answer: message, transportFailure: transportFailure))
        }
        if !hidden.isEmpty {
            await enforcer.recordToolsListed(server: route.server, grant: grant, session: self.id, hidden: hidden)
        }
    }

    /// A request or notification from the upstream: onto the stream it belongs to.
    private func deliverInterim(_ message: JSONRPCMessage, related: RequestID?) {
        state.withLock { state in
            var related = related
            if message.method == "notifications/progress", let token = message.progressNotificationToken {
                related = state.progressOwners[token] ?? related
            }
            let candidates = state.pending.compactMap { id, pending in
                pending.acceptsInterim ? InterimRouting.Candidate(id: id, sequence: pending.sequence) : nil
            }
            switch InterimRouting.destination(related: related, candidates: candidates, standaloneOpen: state.standalone.isOpen) {
            case .request(let id):
                state.pending[id]?.output.yield(.interim(message.bytes))
            case .standalone:
                state.standalone.deliver(message.bytes)
            }
        }
    }

    private func upstreamClosed(_ closure: UpstreamClosure, link: UpstreamLink) async {
        upstream.closed(link, closure: closure)
        let failed = state.withLock { $0.takeAll(generation: link.generation) }
        let deliberate = closure.cause == .closedByGatehouse
        if !deliberate {
            logger.warning("\(closure)")
            enforcer.metrics.upstreamCrashed(server: route.server)
            await enforcer.recordUpstreamClosed(server: route.server, grant: grant, session: id, closure: closure,
                                                pending: failed.count)
        }
        for request in failed {
            let message = "\(closure) while handling \(request.method); the next request starts a fresh upstream"
            await settle(request, code: JSONRPCErrorCode.internalError, message: message, end: .lost(closure.description))
        }
    }
}
