import JSON
import NIOCore
import Store

/// What a `subscriptions/listen` request asks for (basic/patterns/subscriptions). The gateway
/// honours all of it: `tools/list_changed` comes from the gateway itself — a reloaded policy or
/// a changed pin changes what the agent may call — and from the upstream, like the prompts and
/// resources list changes and resource updates its pooled connections report (``ListenHub``).
public struct ListenFilter: Sendable, Equatable {
    public var toolsListChanged = false
    public var promptsListChanged = false
    public var resourcesListChanged = false
    public var resourceSubscriptions: [String] = []

    public init(toolsListChanged: Bool = false, promptsListChanged: Bool = false, resourcesListChanged: Bool = false,
                resourceSubscriptions: [String] = []) {
        self.toolsListChanged = toolsListChanged
        self.promptsListChanged = promptsListChanged
        self.resourcesListChanged = resourcesListChanged
        self.resourceSubscriptions = resourceSubscriptions
    }

    /// The filter in `params.notifications`, or nil when it is not an object of the specified fields.
    public init?(params: JSONValue?) {
        guard case .object(let members) = params?["notifications"] ?? .emptyObject else { return nil }
        for (key, value) in members {
            switch key {
            case "toolsListChanged", "promptsListChanged", "resourcesListChanged":
                guard let flag = value.boolValue else { return nil }
                if key == "toolsListChanged" { toolsListChanged = flag }
                if key == "promptsListChanged" { promptsListChanged = flag }
                if key == "resourcesListChanged" { resourcesListChanged = flag }
            case "resourceSubscriptions":
                guard let uris = value.arrayValue?.compactMap(\.stringValue), uris.count == value.arrayValue?.count else { return nil }
                resourceSubscriptions = uris
            default:
                continue // unknown fields are ignored
            }
        }
    }

    /// What the gateway delivers of it: every type it defines.
    public var honoured: ListenFilter { self }

    var json: JSONValue {
        var members: JSONObject = [:]
        if toolsListChanged { members["toolsListChanged"] = true }
        if promptsListChanged { members["promptsListChanged"] = true }
        if resourcesListChanged { members["resourcesListChanged"] = true }
        if !resourceSubscriptions.isEmpty { members["resourceSubscriptions"] = .array(resourceSubscriptions.map(JSONValue.string)) }
        return .object(members)
    }
}

/// The messages of one listen stream, each stamped with its subscription id (the request's id).
enum ListenMessages {
    static let subscriptionKey = "io.modelcontextprotocol/subscriptionId"

    /// `notifications/subscriptions/acknowledged`: the first message, with the honoured filter.
    static func acknowledged(id: RequestID, honoured: ListenFilter) -> ByteBuffer {
        notification("notifications/subscriptions/acknowledged", id: id, params: ["notifications": honoured.json])
    }

    static func notification(_ method: String, id: RequestID, params: JSONObject = [:]) -> ByteBuffer {
        var params = params
        params["_meta"] = [subscriptionKey: meta(id)]
        let body: JSONValue = ["jsonrpc": "2.0", "method": .string(method), "params": .object(params)]
        return ByteBuffer(string: JSONWriter().string(body))
    }

    /// The answer to the listen request that ends the subscription gracefully (the gateway stops).
    static func closing(id: RequestID) -> ByteBuffer {
        GatewayMessages.result(id: id, json: JSONWriter().string(["resultType": "complete", "_meta": [subscriptionKey: meta(id)]]))
    }

    private static func meta(_ id: RequestID) -> JSONValue {
        (try? JSONParser.parse(id.json)) ?? .string(id.json)
    }

    /// The change an audit row means for listeners of `server`'s tools, if any: a policy
    /// put in force (file reload, the API) or a pin change that blocks or releases a tool
    /// (a first-seen pin changes nothing the agent sees).
    static func change(for row: AuditEntry, server: String) -> ListenChange? {
        guard row.server == server else { return nil }
        switch row.kind {
        case .policyReloaded: return .tools
        case .pinChanged where row.decision != "pinned": return .tools
        default: return nil
        }
    }
}

/// How the gateway's 2026-07-28 streams are paced, on the injected clock: how often a listen
/// stream reads the audit log and how long it may be silent before a keep-alive comment, and the
/// keep-alive interval of a call held for approval.
public struct StreamTiming: Sendable {
    public var clock: any Clock<Duration>
    public var poll: Duration
    public var keepAlive: Duration
    public var heldKeepAlive: Duration

    public init(clock: any Clock<Duration> = ContinuousClock(), poll: Duration = .milliseconds(500), keepAlive: Duration = .seconds(15),
                heldKeepAlive: Duration = .seconds(2)) {
        self.clock = clock
        self.poll = poll
        self.keepAlive = keepAlive
        self.heldKeepAlive = heldKeepAlive
    }
}

/// One open `subscriptions/listen` stream: the acknowledgment, then a notification whenever the
/// audit log shows the server's tool list changed, or the server's pooled upstream connections
/// report a change the agent asked for (``ListenHub``). The audit log is the source of the
/// gateway's own changes because it is shared: a policy reloaded or a pin approved on another
/// replica reaches this stream too. An upstream's reach the replica whose connection heard them.
public struct ListenSubscription: Sendable {
    let id: RequestID
    let server: String
    let filter: ListenFilter
    let audit: any AuditStore
    let timing: StreamTiming
    /// Where the upstream's changes arrive; nil: the gateway's own only.
    var upstream: ListenHub?

    /// What the stream writes: a JSON-RPC message, or a keep-alive.
    public enum Part: Sendable {
        case message(ByteBuffer)
        case keepAlive
    }

    /// Writes the stream until the client goes away (`write` throws), the task is cancelled, or
    /// `stopping()` says the gateway shuts down — then the closing answer goes out.
    public func run(stopping: @Sendable () -> Bool, write: (Part) async throws -> Void) async throws {
        var cursor = (try? await audit.query(AuditFilter(limit: 1)).first?.id) ?? 0
        let inbox = upstream?.open(filter)
        defer { if let inbox { upstream?.close(inbox) } }
        try await write(.message(ListenMessages.acknowledged(id: id, honoured: filter)))
        var quiet = Duration.zero
        while !Task.isCancelled && !stopping() {
            do {
                try await timing.clock.sleep(for: timing.poll)
            } catch {
                return
            }
            quiet += timing.poll
            let rows = (try? await audit.query(AuditFilter(server: server, afterID: cursor, limit: 200, order: .oldestFirst))) ?? []
            cursor = rows.compactMap(\.id).max() ?? cursor
            let changes = Self.unique(rows.compactMap { ListenMessages.change(for: $0, server: server) } + (inbox?.take() ?? []))
                .filter { $0.isWanted(by: filter) }
            for change in changes {
                let (method, params) = change.notification
                try await write(.message(ListenMessages.notification(method, id: id, params: params)))
                quiet = .zero
            }
            if changes.isEmpty, quiet >= timing.keepAlive {
                try await write(.keepAlive)
                quiet = .zero
            }
        }
        if stopping() { try await write(.message(ListenMessages.closing(id: id))) }
    }

    /// `changes` in order, each once.
    static func unique(_ changes: [ListenChange]) -> [ListenChange] {
        var seen = Set<ListenChange>()
        return changes.filter { seen.insert($0).inserted }
    }
}
