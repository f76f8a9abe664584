import JSON

/// A policy as its author wrote it: what may be called, how often, and on what conditions.
///
/// This is the typed form of `policy.json` (see docs/policy.md). It is produced by
/// ``PolicyChecker`` (which validates a JSON document and reports every problem at once) and
/// turned back into JSON by ``json`` — the round trip keeps the author's key order.
public struct PolicyDocument: Sendable, Equatable {
    /// The only version of the language so far.
    public static let currentVersion = "1"

    public var version: String
    /// What happens to a tool no rule names. Omitted in the file means deny: fail closed.
    public var defaultAction: DefaultAction
    /// Whether `default` was written in the file (so printing keeps the author's document).
    public var defaultIsExplicit: Bool
    /// Rules keyed by an exact tool name or a pattern such as `Delete*`, in file order.
    public var tools: [(key: String, rule: ToolRule)]
    /// Limits every admitted call counts against, whatever the tool.
    public var limits: [Limit]
    /// PolicyLayer's `all_tools.limits`: the same as ``limits``, written the other way; nil when
    /// the document has no `all_tools` (printing keeps the author's form).
    public var allToolsLimits: [Limit]?
    /// PolicyLayer's top-level `hide`: tool names (or `"*"`, every tool) removed from
    /// `tools/list` and denied when called, whatever rule names them. Nil when not written.
    public var hide: [String]?
    public var description: String?

    public init(
        version: String = PolicyDocument.currentVersion,
        defaultAction: DefaultAction = .deny,
        defaultIsExplicit: Bool = true,
        tools: [(key: String, rule: ToolRule)] = [],
        limits: [Limit] = [],
        allToolsLimits: [Limit]? = nil,
        hide: [String]? = nil,
        description: String? = nil
    ) {
        self.version = version
        self.defaultAction = defaultAction
        self.defaultIsExplicit = defaultIsExplicit
        self.tools = tools
        self.limits = limits
        self.allToolsLimits = allToolsLimits
        self.hide = hide
        self.description = description
    }

    public static func == (lhs: PolicyDocument, rhs: PolicyDocument) -> Bool {
        lhs.version == rhs.version && lhs.defaultAction == rhs.defaultAction
            && lhs.tools.map(\.key) == rhs.tools.map(\.key) && lhs.tools.map(\.rule) == rhs.tools.map(\.rule)
            && lhs.limits == rhs.limits && lhs.allToolsLimits == rhs.allToolsLimits && lhs.hide == rhs.hide
            && lhs.description == rhs.description
    }

    /// Every policy-wide limit with where it is written: `limits` first, then `all_tools.limits`.
    public var policyWideLimits: [(limit: Limit, pointer: JSONPointer)] {
        let ours = limits.enumerated().map { ($0.element, JSONPointer(["limits", String($0.offset)])) }
        let theirs = (allToolsLimits ?? []).enumerated().map { ($0.element, JSONPointer(["all_tools", "limits", String($0.offset)])) }
        return ours + theirs
    }

    /// The rule written for exactly this key (a name or a pattern), if any.
    public func rule(forKey key: String) -> ToolRule? {
        tools.first { $0.key == key }?.rule
    }
}

/// The verdict for tools without a rule.
public enum DefaultAction: String, Sendable, Equatable, CaseIterable {
    case allow
    case deny
}

/// What a rule does with a call before limits are counted.
public enum RuleAction: String, Sendable, Equatable, CaseIterable {
    case allow
    case deny
    case requireApproval = "require_approval"
}

/// The rule for one tool key.
public struct ToolRule: Sendable, Equatable {
    /// Omitted means allow (a rule that only sets limits, like the seed's, allows the tool).
    public var action: RuleAction?
    /// Shown to the agent when the rule denies a call (by action or by a failed condition).
    public var reason: String?
    /// Removed from `tools/list` and denied when called.
    public var hide: Bool
    /// Every condition must hold for the call to pass; any failure denies with `reason`.
    public var conditions: [Condition]
    /// PolicyLayer's `require`: each entry's conditions must all hold, or the call is denied
    /// with that entry's `on_deny`. Nil when not written.
    public var require: [ConditionEntry]?
    /// PolicyLayer's `deny_if`: the call is denied with an entry's `on_deny` when all of that
    /// entry's conditions hold (an entry without conditions always denies). Nil when not written.
    public var denyIf: [ConditionEntry]?
    public var limits: [Limit]
    /// The `rate_limit` shorthand: one limit with a counter named after the rule.
    public var rateLimit: RateLimitShorthand?
    /// Who approves a `require_approval` call, and whether a decision is remembered.
    public var approval: ApprovalOptions?
    public var description: String?

    public init(
        action: RuleAction? = nil,
        reason: String? = nil,
        hide: Bool = false,
        conditions: [Condition] = [],
        require: [ConditionEntry]? = nil,
        denyIf: [ConditionEntry]? = nil,
        limits: [Limit] = [],
        rateLimit: RateLimitShorthand? = nil,
        approval: ApprovalOptions? = nil,
        description: String? = nil
    ) {
        self.action = action
        self.reason = reason
        self.hide = hide
        self.conditions = conditions
        self.require = require
        self.denyIf = denyIf
        self.limits = limits
        self.rateLimit = rateLimit
        self.approval = approval
        self.description = description
    }

    /// The action in force: an absent action allows.
    public var effectiveAction: RuleAction { action ?? .allow }

    /// Whether every call is denied before any condition is read: hidden, `action: deny`, or a
    /// `deny_if` entry without conditions.
    public var alwaysDenies: Bool {
        hide || action == .deny || (denyIf ?? []).contains { $0.conditions.isEmpty }
    }
}

/// One entry of a `require` or `deny_if` list: `{"conditions": [...], "on_deny": "..."}`.
public struct ConditionEntry: Sendable, Equatable {
    public var conditions: [Condition]
    /// What the agent reads, verbatim, when this entry denies a call; nil: a message naming
    /// the entry.
    public var onDeny: String?

    public init(conditions: [Condition], onDeny: String? = nil) {
        self.conditions = conditions
        self.onDeny = onDeny
    }
}

/// Which list a condition entry is in: they read conditions with opposite polarity.
public enum EntryKind: String, Sendable, Equatable {
    /// The call passes only when the entry's conditions hold.
    case require
    /// The call is denied when the entry's conditions hold.
    case denyIf = "deny_if"
}

/// A counter with a budget: at most `max` units per `window`, counted per `scope`.
public struct Limit: Sendable, Equatable {
    /// The counter's name. Limits naming the same counter share one budget, across tools.
    public var counter: String
    public var window: Window
    /// Calls (or, with `incrementFrom`, summed amounts) admitted per window.
    public var max: Double
    public var scope: LimitScope
    /// A dotted argument path (`args.amount`) whose value each call adds instead of 1.
    public var incrementFrom: ArgumentPath?
    public var align: WindowAlignment
    /// Whether `scope` was written (printing keeps the author's document).
    public var scopeIsExplicit: Bool

    public init(
        counter: String,
        window: Window,
        max: Double,
        scope: LimitScope = .grant,
        incrementFrom: ArgumentPath? = nil,
        align: WindowAlignment = .rolling,
        scopeIsExplicit: Bool = true
    ) {
        self.counter = counter
        self.window = window
        self.max = max
        self.scope = scope
        self.incrementFrom = incrementFrom
        self.align = align
        self.scopeIsExplicit = scopeIsExplicit
    }
}

/// `{"rate_limit": {"max": 10, "window": 60}}` — a limit without a counter name.
public struct RateLimitShorthand: Sendable, Equatable {
    public var max: Double
    public var window: Window
    /// Defaults to `grant`, like every limit: a per-session budget is no limit for a client that
    /// opens a session per request (stateless clients, fastmcp's proxy). `session` only when written.
    public var scope: LimitScope
    public var scopeIsExplicit: Bool

    public init(max: Double, window: Window, scope: LimitScope = .grant, scopeIsExplicit: Bool = false) {
        self.max = max
        self.window = window
        self.scope = scope
        self.scopeIsExplicit = scopeIsExplicit
    }

    /// The full limit this shorthand stands for, on the rule with key `ruleKey`.
    public func expanded(ruleKey: String) -> Limit {
        Limit(counter: "rate_limit:\(ruleKey)", window: window, max: max, scope: scope)
    }
}

/// Whose calls share a counter.
public enum LimitScope: String, Sendable, Equatable, CaseIterable {
    /// The credential an agent uses.
    case grant
    /// One MCP session.
    case session
    /// Everyone.
    case global
}

/// How windows are placed in time.
public enum WindowAlignment: String, Sendable, Equatable, CaseIterable {
    /// Any interval of the window's length holds at most `max` (the default).
    case rolling
    /// Windows start at UTC boundaries (midnight for `day`): a budget that resets.
    case calendar
}

/// A window length: a number of seconds, or a named unit as written.
public struct Window: Sendable, Equatable {
    public var seconds: Double
    /// The unit's name when the author wrote one (`"minute"`), so printing gives it back.
    public var name: String?

    public init(seconds: Double, name: String? = nil) {
        self.seconds = seconds
        self.name = name
    }

    public static let namedUnits: [(name: String, seconds: Double)] = [
        ("second", 1), ("minute", 60), ("hour", 3_600), ("day", 86_400),
    ]

    public static func named(_ name: String) -> Window? {
        namedUnits.first { $0.name == name }.map { Window(seconds: $0.seconds, name: $0.name) }
    }

    public static let second = Window(seconds: 1, name: "second")
    public static let minute = Window(seconds: 60, name: "minute")
    public static let hour = Window(seconds: 3_600, name: "hour")
    public static let day = Window(seconds: 86_400, name: "day")

    /// "minute", "90 seconds" — for messages.
    public var humanDescription: String {
        if let name { return name }
        return seconds == 1 ? "1 second" : "\(JSONValue.double(seconds)) seconds"
    }
}

/// Options of a `require_approval` rule.
public struct ApprovalOptions: Sendable, Equatable {
    public var approver: Approver
    /// Remember an approval so the same caller is not asked again.
    public var remember: RememberedApproval?

    public init(approver: Approver = .admin, remember: RememberedApproval? = nil) {
        self.approver = approver
        self.remember = remember
    }
}

/// Who is asked.
public enum Approver: String, Sendable, Equatable, CaseIterable {
    /// The approvals queue (API, page, CLI).
    case admin
    /// The person at the client, through MCP elicitation; the queue when the client cannot ask.
    case user
}

/// How long an approval stands for later calls of the same tool.
public enum RememberedApproval: Sendable, Equatable {
    /// For the rest of the MCP session.
    case session
    /// For the grant, during this many minutes.
    case grant(minutes: Int)
}
