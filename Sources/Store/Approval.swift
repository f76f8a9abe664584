import Foundation

/// Where a held call stands.
public enum ApprovalStatus: String, Sendable, Equatable, CaseIterable {
    /// Waiting for a person.
    case pending
    /// A person approved: the call is forwarded.
    case approved
    /// A person refused: the agent gets their note.
    case denied
    /// Nobody decided in time: refused with "approval timed out".
    case timedOut = "timed_out"
    /// The agent went away (disconnected, cancelled) before a decision.
    case withdrawn
    /// The gateway holding the call restarted; the agent's connection was lost with it.
    case interrupted

    public var isFinal: Bool { self != .pending }
}

/// A call held for a person's decision (`"action": "require_approval"`).
public struct ApprovalRequest: Sendable, Equatable {
    public var id: String
    public var server: String
    public var tool: String
    /// The call's arguments, as JSON text.
    public var arguments: String
    public var grant: String
    public var session: String
    /// The policy rule that asked for approval (`/tools/Delete*`).
    public var rule: String
    /// `admin` (the queue) or `user` (asked at the client).
    public var approver: String
    /// The tool's risk level, when the catalog knows it — shown to the person deciding.
    public var risk: String?
    public var requestedAt: Date
    /// When the request times out if nobody decides.
    public var expiresAt: Date
    /// The gateway process holding the agent's connection.
    public var replica: String
    public var status: ApprovalStatus
    public var decidedAt: Date?
    /// Who decided (an admin's name, `user` for elicitation, `gatehouse` for timeouts).
    public var decidedBy: String?
    public var note: String?

    public init(
        id: String = UUID().uuidString.lowercased(), server: String, tool: String, arguments: String, grant: String, session: String,
        rule: String, approver: String = "admin", risk: String? = nil, requestedAt: Date, expiresAt: Date, replica: String,
        status: ApprovalStatus = .pending, decidedAt: Date? = nil, decidedBy: String? = nil, note: String? = nil
    ) {
        self.id = id
        self.server = server
        self.tool = tool
        self.arguments = arguments
        self.grant = grant
        self.session = session
        self.rule = rule
        self.approver = approver
        self.risk = risk
        self.requestedAt = requestedAt
        self.expiresAt = expiresAt
        self.replica = replica
        self.status = status
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.note = note
    }
}

/// A person's answer to a held call.
public enum ApprovalVerdict: String, Sendable, Equatable, CaseIterable {
    case approve, deny

    var status: ApprovalStatus { self == .approve ? .approved : .denied }
}

/// Who a remembered approval stands for.
public enum RememberedScope: Sendable, Equatable, Hashable {
    case session(String)
    case grant(String)

    var kind: String {
        switch self {
        case .session: return "session"
        case .grant: return "grant"
        }
    }

    var subject: String {
        switch self {
        case .session(let id), .grant(let id): return id
        }
    }
}

/// Held calls and their decisions, shared by every gateway process on the same store.
///
/// A decision made anywhere (the API, the CLI, another replica) reaches the process waiting in
/// ``waitForDecision(id:until:)`` promptly.
public protocol ApprovalStore: Sendable {
    /// Queues a new request (status pending).
    func create(_ request: ApprovalRequest) async throws
    func request(id: String) async throws -> ApprovalRequest?
    /// Pending requests, oldest first.
    func pending() async throws -> [ApprovalRequest]
    /// The most recent requests of any status, newest first.
    func recent(limit: Int) async throws -> [ApprovalRequest]
    /// A person's decision. ``StoreError/notFound(_:)`` for an unknown id,
    /// ``StoreError/conflict(_:)`` when the request is no longer pending.
    func decide(id: String, verdict: ApprovalVerdict, by: String, note: String?, at now: Date) async throws -> ApprovalRequest
    /// Ends a pending request without a person (timed out, withdrawn, interrupted). Returns the
    /// request as it now stands — already decided if a person got there first.
    func close(id: String, as status: ApprovalStatus, note: String?, at now: Date) async throws -> ApprovalRequest
    /// Returns once the request is no longer pending, or at `deadline` (still pending), or
    /// when the waiting task is cancelled.
    func waitForDecision(id: String, until deadline: Date) async throws -> ApprovalRequest
    /// Marks every pending request held by `replica` interrupted — called when that gateway
    /// starts again, since its agents' connections did not survive the restart.
    func interruptPending(replica: String, at now: Date) async throws -> [ApprovalRequest]
    /// Lets later calls of `tool` on `server` by `scope` through without asking, until `expiresAt`.
    func remember(_ scope: RememberedScope, server: String, tool: String, until expiresAt: Date) async throws
    /// Whether an approval is remembered for this caller and tool at `now`.
    func isRemembered(_ scope: RememberedScope, server: String, tool: String, at now: Date) async throws -> Bool
}
