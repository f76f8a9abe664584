import Store

/// The in-memory view of which tools have a definition awaiting approval, per server: what the
/// hot path reads (one dictionary lookup per call). Rebuilt from the pin store's pending
/// changes, and updated by listings and approvals in this process.
public struct BlockedTools: Sendable, Equatable {
    /// Server → tool → `changed` or `new`.
    private var waiting: [String: [String: PinStatus]] = [:]

    public init() {}

    /// The view the store's pending changes describe.
    public init(pendingChanges: [ToolPin]) {
        for pin in pendingChanges where pin.needsApproval {
            waiting[pin.server, default: [:]][pin.tool] = pin.isNew ? .new : .changed
        }
    }

    /// `changed` or `new` when the tool waits for approval; nil when calls may go through.
    public func status(server: String, tool: String) -> PinStatus? {
        waiting[server]?[tool]
    }

    public var isEmpty: Bool { waiting.values.allSatisfy(\.isEmpty) }

    /// Takes in what observing a listing found for one server.
    public mutating func update(server: String, with outcome: [(tool: String, status: PinStatus, pin: ToolPin)]) {
        for (tool, status, _) in outcome {
            switch status {
            case .changed, .new: waiting[server, default: [:]][tool] = status
            case .pinned, .unchanged: waiting[server]?.removeValue(forKey: tool)
            }
        }
    }

    /// A tool's new definition was approved.
    public mutating func release(server: String, tool: String) {
        waiting[server]?.removeValue(forKey: tool)
    }
}
