import Foundation
import JSON
import Policy

/// What an audit row is about. An open set of names, so later features add kinds without a
/// migration; the gateway's own kinds are the constants below.
public struct AuditKind: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    /// A `tools/call`: decided, then (when allowed) forwarded and completed.
    public static let toolCall = AuditKind("tool_call")
    /// A `tools/list` answered with some tools filtered out (`detail`: how many hidden).
    public static let toolsList = AuditKind("tools_list")
    public static let sessionOpened = AuditKind("session_opened")
    public static let sessionClosed = AuditKind("session_closed")
    /// A request refused before any policy: no or bad token (401), grant not covering the server (403).
    public static let accessRefused = AuditKind("access_refused")
    public static let configReloaded = AuditKind("config_reloaded")
    /// A server's policy replaced (file changed, or set through the API).
    public static let policyReloaded = AuditKind("policy_reloaded")
    /// A new policy refused as invalid; the old one stays in force (`detail`: the problems).
    public static let policyRejected = AuditKind("policy_rejected")
    public static let approvalRequested = AuditKind("approval_requested")
    public static let approvalDecided = AuditKind("approval_decided")
    /// A tool's definition pinned, changed or approved anew.
    public static let pinChanged = AuditKind("pin_changed")
    /// An upstream process exited or its connection failed.
    public static let upstreamCrashed = AuditKind("upstream_crashed")
    /// A JSON-RPC message refused before any policy, never forwarded: a request without an id,
    /// a control character in a method or name, a duplicate key (`detail`: `from`, `method`, `problem`).
    public static let messageRefused = AuditKind("message_refused")
}

/// How a forwarded call ended.
public enum AuditOutcome: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The upstream returned a result.
    case ok
    /// The upstream returned a result with `isError: true`.
    case toolError = "tool_error"
    /// The upstream answered with a JSON-RPC error.
    case error
    /// The upstream could not be reached, crashed or broke the protocol.
    case failed
    /// No answer within the call timeout.
    case timeout
    /// The agent cancelled or went away before the answer.
    case cancelled
    /// The gateway stopped (crashed, was killed) while the call was in flight: set at its next
    /// start, when nobody can know how the call ended.
    case interrupted

    public var description: String { rawValue }
}

/// One row of the audit log: every decision the gateway takes, and how forwarded calls ended.
///
/// A `tools/call` row is written (durably) before the call is forwarded; its ``outcome``,
/// ``latencyMs`` and ``error`` are filled in later by an ``AuditCompletion``.
public struct AuditEntry: Sendable, Equatable {
    /// Assigned by the store; increasing in the order rows were written.
    public var id: Int64?
    public var time: Date
    public var kind: AuditKind
    /// The grant's name (never its token).
    public var grant: String?
    /// The MCP session id.
    public var session: String?
    public var server: String?
    public var tool: String?
    /// `allow`, `deny`, `rate_limited`, `require_approval` — or another verdict for other kinds.
    public var decision: String?
    /// The deciding rule's JSON pointer in the policy (`/tools/Delete*`, `/default`).
    public var rule: String?
    /// Why, in words an agent or a person can read.
    public var reason: String?
    /// HMAC-SHA-256 (hex) of the arguments' canonical JSON (sorted keys, compact) under the
    /// installation's key (``ArgumentDigester``).
    public var argumentsDigest: String?
    /// The arguments as JSON text — redacted, full, or absent, as configured.
    public var arguments: String?
    public var outcome: AuditOutcome?
    /// From the decision to the upstream's answer, in milliseconds.
    public var latencyMs: Double?
    /// The upstream's error text, when the call failed.
    public var error: String?
    /// Anything else the kind carries (hidden tool count, policy problems…).
    public var detail: JSONValue?
    /// On a forwarded call's row: the gateway (replica name) that forwarded it and owes its
    /// outcome. Rows it leaves without one become `interrupted` at its next start.
    public var forwardedBy: String?

    public init(
        id: Int64? = nil, time: Date = Date(), kind: AuditKind, grant: String? = nil, session: String? = nil, server: String? = nil,
        tool: String? = nil, decision: String? = nil, rule: String? = nil, reason: String? = nil, argumentsDigest: String? = nil,
        arguments: String? = nil, outcome: AuditOutcome? = nil, latencyMs: Double? = nil, error: String? = nil, detail: JSONValue? = nil,
        forwardedBy: String? = nil
    ) {
        self.id = id
        self.time = time
        self.kind = kind
        self.grant = grant
        self.session = session
        self.server = server
        self.tool = tool
        self.decision = decision
        self.rule = rule
        self.reason = reason
        self.argumentsDigest = argumentsDigest
        self.arguments = arguments
        self.outcome = outcome
        self.latencyMs = latencyMs
        self.error = error
        self.detail = detail
        self.forwardedBy = forwardedBy
    }

    /// The row for a decided `tools/call`, with its arguments digested and recorded by `recorder`.
    public static func toolCall(
        server: String, call: ToolCall, decision: Decision, arguments recorder: AuditArgumentRecorder, at time: Date = Date()
    ) -> AuditEntry {
        AuditEntry(
            time: time, kind: .toolCall, grant: call.grant, session: call.session, server: server, tool: call.tool,
            decision: decision.name, rule: decision.rule.description, reason: decision.reason,
            argumentsDigest: recorder.digest(call.arguments), arguments: recorder.record(call.arguments))
    }
}

/// How a forwarded call ended, to be written onto its row.
public struct AuditCompletion: Sendable, Equatable {
    public var id: Int64
    public var outcome: AuditOutcome
    public var latencyMs: Double
    public var error: String?

    /// `error` (an upstream's words, which may quote what it was sent) is kept with its
    /// credentials redacted (``SecretScanner``).
    public init(id: Int64, outcome: AuditOutcome, latencyMs: Double, error: String? = nil) {
        self.id = id
        self.outcome = outcome
        self.latencyMs = latencyMs
        self.error = error.map(SecretScanner.redacted)
    }
}
