import Foundation
import JSON
import Logging
import Policy
import Store
import Synchronization

/// Tool pinning, the rug-pull defence: the first `tools/list` seen from an upstream pins every
/// tool's definition; a later listing with a changed or new tool is recorded (pin store, audit
/// log, log) and — for servers in ``PinningMode/enforce`` — calls to that tool are refused
/// until someone approves the new definition.
///
/// Calls consult an in-memory ``BlockedTools`` view; listings and approvals in this process
/// update it at once, and ``run()`` re-reads the store every ``refreshInterval`` so approvals
/// made by the CLI or another replica take effect within that.
public final class PinGuard: Sendable {
    /// The "rule" a refusal names.
    public static let rule = "pinning"
    /// The reason's fixed opening, which agents and tests look for.
    public static let changedReason = "tool definition changed since it was pinned"

    public let store: any PinStore
    let audit: AuditLog
    let modes: [String: PinningMode]
    let refreshInterval: Duration
    /// Told of every listing compared (`changed`: something was pinned or differs), e.g. to
    /// classify the tools' risk for approval requests.
    let onListing: @Sendable (_ server: String, _ tools: [JSONValue], _ changed: Bool) -> Void
    let clock: any TimeSource
    let logger: Logger
    private let blocked = Mutex(BlockedTools())
    /// Bumped by every local change, so a refresh that read the store before it does not undo it.
    private let generation = Atomic<Int>(0)

    /// `modes`: each server's mode; servers not named are ``PinningMode/enforce``.
    public init(store: any PinStore, audit: AuditLog, modes: [String: PinningMode] = [:], refreshInterval: Duration = .seconds(1),
                onListing: @escaping @Sendable (String, [JSONValue], Bool) -> Void = { _, _, _ in },
                clock: any TimeSource = SystemTimeSource(), logger: Logger = Logger(label: "gatehouse.pins")) {
        self.store = store
        self.audit = audit
        self.modes = modes
        self.refreshInterval = refreshInterval
        self.onListing = onListing
        self.clock = clock
        self.logger = logger
    }

    public func mode(of server: String) -> PinningMode {
        modes[server] ?? .enforce
    }

    /// Why a call to `tool` is refused, or nil when it may go through. Cheap: a lock and a lookup.
    public func refusal(server: String, tool: String) -> String? {
        guard mode(of: server) == .enforce, let status = blocked.withLock({ $0.status(server: server, tool: tool) }) else { return nil }
        return Self.reason(server: server, tool: tool, status: status)
    }

    static func reason(server: String, tool: String, status: PinStatus) -> String {
        let what = status == .new
            ? "tool '\(tool)' appeared on server '\(server)' after the server's tools were pinned"
            : "server '\(server)' changed the definition of tool '\(tool)'"
        return "\(changedReason): \(what); an admin must approve it first (gatehouse pins approve \(server) \(tool))"
    }

    /// Compares a `tools/list` result from `server` with the pins and records what changed.
    /// Awaited before the agent sees the listing, so its next call meets the updated view.
    public func observe(server: String, listing result: JSONValue, grant: String?, session: String?) async {
        guard mode(of: server) != .off else { return }
        let tools = ToolFingerprint.observed(listing: result)
        guard !tools.isEmpty else { return }
        let now = clock.now()
        let outcome: [(tool: String, status: PinStatus, pin: ToolPin)]
        do {
            outcome = try await store.observe(server: server, tools: tools, at: now)
        } catch {
            logger.error("cannot compare tools with their pins", metadata: ["server": "\(server)", "error": "\(error)"])
            return
        }
        blocked.withLock { view in
            generation.add(1, ordering: .relaxed)
            view.update(server: server, with: outcome)
        }
        onListing(server, result["tools"]?.arrayValue ?? [], outcome.contains { $0.status != .unchanged })
        let pinned = outcome.filter { $0.status == .pinned }.map(\.tool)
        if !pinned.isEmpty {
            logger.info("pinned \(pinned.count) tool(s) of server \(server) on first sight")
            await record(AuditEntry(time: now, kind: .pinChanged, grant: grant, session: session, server: server, decision: "pinned",
                                    reason: "\(pinned.count) tool(s) pinned on first sight",
                                    detail: ["tools": .array(pinned.map(JSONValue.string))]))
        }
        // A change is recorded once, when first seen (its changedAt is this listing's time).
        for (tool, status, pin) in outcome where (status == .changed || status == .new) && pin.changedAt == now {
            let reason = Self.reason(server: server, tool: tool, status: status)
            logger.warning("\(reason)", metadata: ["mode": "\(mode(of: server).rawValue)"])
            await record(AuditEntry(time: now, kind: .pinChanged, grant: grant, session: session, server: server, tool: tool,
                                    decision: status.rawValue, rule: Self.rule, reason: reason, detail: Self.detail(pin)))
        }
    }

    /// Accepts the observed definition of a tool as its pin, and lets calls through at once.
    public func approve(server: String, tool: String, by approver: String) async throws -> ToolPin {
        let pin = try await store.approve(server: server, tool: tool, by: approver, at: clock.now())
        blocked.withLock { view in
            generation.add(1, ordering: .relaxed)
            view.release(server: server, tool: tool)
        }
        await record(Self.approvedEvent(pin))
        return pin
    }

    /// The audit row of an approved definition (also written by `gatehouse pins approve`).
    public static func approvedEvent(_ pin: ToolPin) -> AuditEntry {
        AuditEntry(time: pin.pinnedAt, kind: .pinChanged, server: pin.server, tool: pin.tool, decision: "approved", rule: rule,
                   reason: "\(pin.approvedBy) approved the new definition of tool '\(pin.tool)'",
                   detail: ["approvedBy": .string(pin.approvedBy), "hash": .string(pin.hash)])
    }

    /// Rebuilds the view from the store (approvals made elsewhere).
    public func refresh() async {
        let started = generation.load(ordering: .relaxed)
        do {
            let pending = try await store.pendingChanges()
            blocked.withLock { view in
                if generation.load(ordering: .relaxed) == started { view = BlockedTools(pendingChanges: pending) }
            }
        } catch {
            logger.warning("cannot read pending pin changes; keeping the last view", metadata: ["error": "\(error)"])
        }
    }

    /// Refreshes the view every ``refreshInterval`` until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await refresh()
            try? await Task.sleep(for: refreshInterval)
        }
    }

    private static func detail(_ pin: ToolPin) -> JSONValue {
        [
            "pinned": pin.definition.isEmpty ? .null : ((try? JSONParser.parse(pin.definition)) ?? .string(pin.definition)),
            "observed": pin.pendingDefinition.map { (try? JSONParser.parse($0)) ?? .string($0) } ?? .null,
        ]
    }

    private func record(_ entry: AuditEntry) async {
        do {
            _ = try await audit.record(entry)
        } catch {
            logger.error("could not write a pin event to the audit log", metadata: ["error": "\(error)"])
        }
    }
}
