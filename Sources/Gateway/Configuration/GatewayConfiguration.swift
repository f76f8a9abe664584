import Foundation
import Store

/// What `gatehouse.json` says: the upstream servers and the gateway's settings, checked and
/// with `${VAR}` references expanded. Every default is documented on its field.
///
/// Holds secrets (environment values, headers, the admin token): never print it whole.
public struct GatewayConfiguration: Sendable, Equatable {
    /// The file it was read from (as given), for messages.
    public var file: String
    /// The enabled servers, in the file's order.
    public var servers: [ServerConfiguration]
    /// Servers the file marks `"disabled": true`: not started, and said so in the log.
    public var disabledServers: [String]
    /// Bearer token for the admin API. `adminToken` in the file, else `$GATEHOUSE_ADMIN_TOKEN`;
    /// nil when neither is set (the admin API is then closed).
    public var adminToken: String?
    /// Browser origins allowed to call the gateway (`Origin` header). Default: none besides
    /// requests without an `Origin` (agents are not browsers).
    public var allowedOrigins: [String]
    /// Host names (the `Host` header) the gateway answers besides the address it listens on,
    /// `localhost`, `127.0.0.1` and `[::1]`; `"*"` answers any. Default: none. Required when
    /// listening on an address other than loopback (see docs/gateway.md).
    public var allowedHosts: [String]
    public var limits: GatewayLimits
    public var approvals: ApprovalSettings
    public var audit: AuditSettings
    /// Where state lives (`postgres://…`); nil means SQLite in the `--data` folder.
    public var store: String?
    /// `mcpServers`, or `servers` for a file in VS Code's shape: where pointers to servers start.
    public var serversKey = "mcpServers"

    public init(
        file: String, servers: [ServerConfiguration] = [], disabledServers: [String] = [], adminToken: String? = nil,
        allowedOrigins: [String] = [], allowedHosts: [String] = [], limits: GatewayLimits = GatewayLimits(),
        approvals: ApprovalSettings = ApprovalSettings(), audit: AuditSettings = AuditSettings(), store: String? = nil
    ) {
        self.file = file
        self.servers = servers
        self.disabledServers = disabledServers
        self.adminToken = adminToken
        self.allowedOrigins = allowedOrigins
        self.allowedHosts = allowedHosts
        self.limits = limits
        self.approvals = approvals
        self.audit = audit
        self.store = store
    }

    /// The enabled server named `name`.
    public func server(named name: String) -> ServerConfiguration? {
        servers.first { $0.name == name }
    }

    /// The folder relative paths in the file are resolved against.
    public var directory: String {
        URL(fileURLWithPath: file).deletingLastPathComponent().path
    }
}

/// Protective limits (`"limits": {…}`).
public struct GatewayLimits: Sendable, Equatable {
    /// Largest request body accepted, in bytes; larger gets 413. Default 4 MiB.
    public var maxBodyBytes: Int
    /// Open MCP sessions one grant may hold; one more gets 429. Default 32.
    public var maxSessionsPerGrant: Int
    /// A session unused this long is closed (and its upstream process ended). Default 1800.
    public var sessionIdleSeconds: Int
    /// A session unused this long with no stream open to it — no request in flight, no GET
    /// stream listening: a client that went away without `DELETE` — is closed sooner. Default 300.
    public var abandonedSessionSeconds: Int
    /// How long a forwarded call may take before the agent gets a timeout error. Default 120;
    /// a server's own `callTimeoutSeconds` overrides it.
    public var callTimeoutSeconds: Int
    /// The connection-level limits against slow and hostile clients.
    public var connections: ConnectionLimits

    public init(maxBodyBytes: Int = 4 * 1024 * 1024, maxSessionsPerGrant: Int = 32, sessionIdleSeconds: Int = 1800,
                callTimeoutSeconds: Int = 120, connections: ConnectionLimits = ConnectionLimits(), abandonedSessionSeconds: Int = 300) {
        self.maxBodyBytes = maxBodyBytes
        self.maxSessionsPerGrant = maxSessionsPerGrant
        self.sessionIdleSeconds = sessionIdleSeconds
        self.abandonedSessionSeconds = abandonedSessionSeconds
        self.callTimeoutSeconds = callTimeoutSeconds
        self.connections = connections
    }
}

/// How long a client connection may dawdle, and how many may be open (`limits`:
/// `headerTimeoutSeconds`, `bodyTimeoutSeconds`, `connectionIdleSeconds`, `maxConnections`).
/// A connection past a timeout is closed; past the cap, a new one is answered 503 and closed.
public struct ConnectionLimits: Sendable, Equatable {
    /// From a request's first byte (or the connection's start) until its header is complete. Default 10.
    public var headerTimeoutSeconds: Double
    /// From the header until the body's last byte (long enough for 4 MiB on a slow link). Default 30.
    public var bodyTimeoutSeconds: Double
    /// A kept-alive connection with no request in progress is closed after this long. A
    /// response still being written (an SSE stream, with its keep-alives) is not idle. Default 60.
    public var idleSeconds: Double
    /// Open client connections; a new one past this gets 503. Default 1,024.
    public var maxConnections: Int

    public init(headerTimeoutSeconds: Double = 10, bodyTimeoutSeconds: Double = 30, idleSeconds: Double = 60,
                maxConnections: Int = 1024) {
        self.headerTimeoutSeconds = headerTimeoutSeconds
        self.bodyTimeoutSeconds = bodyTimeoutSeconds
        self.idleSeconds = idleSeconds
        self.maxConnections = maxConnections
    }
}

/// Held calls (`"approvals": {…}`).
public struct ApprovalSettings: Sendable, Equatable {
    /// A held call nobody decides on is refused after this long. Default 300.
    public var timeoutSeconds: Int
    /// Where each new pending call is POSTed as JSON (chat hooks); nil for none.
    public var webhook: String?
    /// How long the person at a 2026-07-28 client has to answer an approval question
    /// (`input_required`) before its signed `requestState` expires; nil: `timeoutSeconds`.
    public var answerSeconds: Double?

    public init(timeoutSeconds: Int = 300, webhook: String? = nil, answerSeconds: Double? = nil) {
        self.timeoutSeconds = timeoutSeconds
        self.webhook = webhook
        self.answerSeconds = answerSeconds
    }

    /// ``answerSeconds`` as the approval desk takes it.
    public var answerWindow: Duration { .milliseconds(Int64(((answerSeconds ?? Double(timeoutSeconds)) * 1_000).rounded())) }
}

/// The audit log (`"audit": {…}`).
public struct AuditSettings: Sendable, Equatable {
    /// How much of each call's arguments is kept. Default `redacted`.
    public var arguments: AuditArgumentsMode

    public init(arguments: AuditArgumentsMode = .redacted) {
        self.arguments = arguments
    }
}
