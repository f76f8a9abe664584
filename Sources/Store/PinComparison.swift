import Foundation

/// The pinning rules as pure functions, shared by every pin store.
enum PinComparison {
    /// What a listing means for each listed tool, and the pin each should now have.
    static func compare(_ tools: [ObservedTool], with existing: [ToolPin], server: String, at now: Date) -> [(tool: String, status: PinStatus, pin: ToolPin)] {
        let pins = Dictionary(existing.map { ($0.tool, $0) }, uniquingKeysWith: { first, _ in first })
        let firstSight = existing.isEmpty
        return tools.map { tool in
            guard var pin = pins[tool.name] else {
                if firstSight {
                    return (tool.name, .pinned, ToolPin(server: server, tool: tool.name, hash: tool.hash, definition: tool.definition,
                                                         pinnedAt: now, approvedBy: "first-seen"))
                }
                return (tool.name, .new, ToolPin(server: server, tool: tool.name, hash: "", definition: "", pinnedAt: now,
                                                 approvedBy: "", pendingHash: tool.hash, pendingDefinition: tool.definition, changedAt: now))
            }
            if tool.hash == pin.hash {
                pin.pendingHash = nil
                pin.pendingDefinition = nil
                pin.changedAt = nil
                return (tool.name, .unchanged, pin)
            }
            if pin.pendingHash != tool.hash {
                pin.pendingHash = tool.hash
                pin.pendingDefinition = tool.definition
                pin.changedAt = now
            }
            return (tool.name, pin.isNew ? .new : .changed, pin)
        }
    }

    /// The pin after a person accepts its pending definition.
    static func approve(_ pin: ToolPin, by: String, at now: Date) throws(StoreError) -> ToolPin {
        guard let hash = pin.pendingHash, let definition = pin.pendingDefinition else {
            throw StoreError.conflict("tool '\(pin.tool)' on server '\(pin.server)' has no change awaiting approval")
        }
        return ToolPin(server: pin.server, tool: pin.tool, hash: hash, definition: definition, pinnedAt: now, approvedBy: by)
    }
}
