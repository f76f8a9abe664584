import JSON
import NIOCore

/// What one session knows about its agent and the requests in flight, as a value: every change
/// is a short synchronous step (``GatewaySession`` runs each under its lock), so the rules —
/// which id is free, what is overdue, which listing is complete — are table-tested without an
/// upstream. The continuations it holds are yielded to by the session, never here.
struct SessionState {
    /// The agent's `initialize` params, replayed when the upstream is restarted.
    var initializeParams: String?
    var agentInitialized = false
    /// The agent declared the elicitation capability: an `approver: user` call is asked there.
    var agentCanElicit = false
    var pending: [RequestID: PendingRequest] = [:]
    /// Calls waiting for a person's approval (not yet forwarded).
    var held: [RequestID: HeldRequest] = [:]
    /// Tools of a paginated `tools/list` seen so far: pinning compares complete listings only.
    var listedPages: [JSONValue] = []
    /// The gateway's own `elicitation/create` requests to the agent, by id.
    var elicitations: [RequestID: CheckedContinuation<ElicitationAnswer, Never>] = [:]
    var elicitationCounter = 0
    var progressOwners: [RequestID: RequestID] = [:]
    var sequence = 0
    var standalone: StandaloneStream
    var lastActivity: ContinuousClock.Instant
    var closed = false

    init(now: ContinuousClock.Instant, standaloneCapacity: Int) {
        lastActivity = now
        standalone = StandaloneStream(capacity: standaloneCapacity)
    }

    /// Why a request with `id` cannot start now: the session is closed, or the id is in use.
    func refusal(of id: RequestID) -> SessionError? {
        if closed { return .closed }
        if pending[id] != nil || held[id] != nil { return .duplicateRequest(id.json) }
        return nil
    }

    /// The next arrival number (newest request in flight has the highest).
    mutating func nextSequence() -> Int {
        sequence += 1
        return sequence
    }

    /// Records a forwarded request and who owns its progress token.
    mutating func register(_ request: PendingRequest) {
        pending[request.id] = request
        if let token = request.progressToken { progressOwners[token] = request.id }
    }

    /// Removes a pending request and its progress token.
    mutating func take(_ id: RequestID) -> PendingRequest? {
        guard let request = pending.removeValue(forKey: id) else { return nil }
        if let token = request.progressToken, progressOwners[token] == id {
            progressOwners.removeValue(forKey: token)
        }
        return request
    }

    /// Removes the requests carried by the connection `generation` (it closed).
    mutating func takeAll(generation: Int) -> [PendingRequest] {
        pending.filter { $0.value.generation == generation }.map(\.key).compactMap { take($0) }
    }

    /// Removes the requests whose deadline has passed.
    mutating func takeOverdue(now: ContinuousClock.Instant) -> [PendingRequest] {
        pending.filter { $0.value.deadline <= now }.map(\.key).compactMap { take($0) }
    }

    /// The waiting requests due a keep-alive at `now`, each rescheduled `interval` later.
    mutating func keepAlivesDue(now: ContinuousClock.Instant, interval: Duration) -> [PendingRequest] {
        let due = pending.values.filter { $0.acceptsInterim && $0.nextKeepAlive <= now }
        for request in due { pending[request.id]?.nextKeepAlive = now + interval }
        return due
    }

    /// The held calls due a sign of life at `now`, with their tick count after this one.
    mutating func ticksDue(now: ContinuousClock.Instant, interval: Duration) -> [(held: HeldRequest, ticks: Int)] {
        var due: [(HeldRequest, Int)] = []
        for (id, request) in held where request.acceptsInterim && request.nextTick <= now {
            due.append((request, request.ticks + 1))
            held[id]?.ticks += 1
            held[id]?.nextTick = now + interval
        }
        return due
    }

    /// Adds one page of a `tools/list` result; the whole listing (`{"tools": [...]}`) once the
    /// page without a `nextCursor` arrives, nil before that. A first page starts a new listing.
    mutating func addListingPage(tools: [JSONValue], continuesListing: Bool, complete: Bool) -> JSONValue? {
        if !continuesListing { listedPages = [] }
        listedPages += tools
        guard complete else { return nil }
        defer { listedPages = [] }
        return ["tools": .array(listedPages)]
    }

    /// Whether the agent has been silent for `idle` with nothing in flight (`withoutStream`: and
    /// no standalone stream open either, so nobody is listening).
    func isIdle(now: ContinuousClock.Instant, idle: Duration, withoutStream: Bool = false) -> Bool {
        pending.isEmpty && held.isEmpty && now - lastActivity >= idle && !(withoutStream && standalone.isOpen)
    }

    /// Marks the session closed and takes everything still waiting; nil when it already was.
    mutating func close() -> (pending: [PendingRequest], held: [HeldRequest])? {
        guard !closed else { return nil }
        closed = true
        standalone.finish()
        let held = Array(held.values)
        return (pending.keys.compactMap { take($0) }, held)
    }
}
