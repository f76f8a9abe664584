import Foundation

/// The definition of an upstream tool as it was approved, and any change seen since.
///
/// Pinning defends against rug pulls: a server that changes a tool's description or schema
/// after it was trusted (to smuggle instructions to the model, or to change what a call does).
public struct ToolPin: Sendable, Equatable {
    public var server: String
    public var tool: String
    /// Hash of the approved definition; empty for a tool that appeared after pinning and was
    /// never approved.
    public var hash: String
    /// The approved definition as canonical JSON text (empty when never approved).
    public var definition: String
    public var pinnedAt: Date
    /// `first-seen` for the initial pin, otherwise the person who approved.
    public var approvedBy: String
    /// A definition seen since, differing from the approved one, awaiting approval.
    public var pendingHash: String?
    public var pendingDefinition: String?
    public var changedAt: Date?

    public init(
        server: String, tool: String, hash: String, definition: String, pinnedAt: Date, approvedBy: String,
        pendingHash: String? = nil, pendingDefinition: String? = nil, changedAt: Date? = nil
    ) {
        self.server = server
        self.tool = tool
        self.hash = hash
        self.definition = definition
        self.pinnedAt = pinnedAt
        self.approvedBy = approvedBy
        self.pendingHash = pendingHash
        self.pendingDefinition = pendingDefinition
        self.changedAt = changedAt
    }

    /// Calls are refused while a change awaits approval.
    public var needsApproval: Bool { pendingHash != nil }
    /// The tool appeared after the server was first pinned.
    public var isNew: Bool { hash.isEmpty }
}

/// A tool definition as an upstream listed it, ready to compare with its pin.
public struct ObservedTool: Sendable, Equatable {
    public var name: String
    public var hash: String
    /// Canonical JSON text of the definition (for diffs).
    public var definition: String

    public init(name: String, hash: String, definition: String) {
        self.name = name
        self.hash = hash
        self.definition = definition
    }
}

/// What observing a tool found.
public enum PinStatus: String, Sendable, Equatable {
    /// Pinned now: the first listing seen from this server.
    case pinned
    /// Same definition as approved.
    case unchanged
    /// The definition differs from the approved one: calls wait for approval.
    case changed
    /// A tool that was not there when the server was pinned: calls wait for approval.
    case new
}

/// Pinned tool definitions, shared by every gateway on the same store.
public protocol PinStore: Sendable {
    /// Compares a listing with the pins and records what it finds: the first listing of a
    /// server pins every tool; later, a differing definition or an unknown tool is recorded as
    /// awaiting approval. A change put back to the approved definition clears itself.
    func observe(server: String, tools: [ObservedTool], at now: Date) async throws -> [(tool: String, status: PinStatus, pin: ToolPin)]
    /// The pins of one server, by tool name.
    func pins(server: String) async throws -> [ToolPin]
    /// Every pin with a change awaiting approval, across servers.
    func pendingChanges() async throws -> [ToolPin]
    /// Accepts the pending definition of a tool as its new pin.
    func approve(server: String, tool: String, by: String, at now: Date) async throws -> ToolPin
}
