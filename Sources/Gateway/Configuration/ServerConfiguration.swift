import Foundation

/// One upstream MCP server from `mcpServers`: how to reach it and which policy guards it.
public struct ServerConfiguration: Sendable, Equatable {
    /// The key in `mcpServers`; agents reach it at `/mcp/<name>`.
    public var name: String
    public var transport: UpstreamTransport
    /// The policy file, resolved against the configuration's folder; nil runs the server under
    /// the built-in deny-everything policy.
    public var policyPath: String?
    /// A stdio process unused this long is ended; nil uses the session's lifetime.
    public var idleSeconds: Int?
    /// Overrides `limits.callTimeoutSeconds` for this server.
    public var callTimeoutSeconds: Int?
    /// What a changed or new tool definition does (default ``PinningMode/enforce``).
    public var pinning: PinningMode
    /// Who shares the server's pooled connections on the sessionless path (default ``UpstreamScope/shared``).
    public var upstreamScope: UpstreamScope

    public init(name: String, transport: UpstreamTransport, policyPath: String? = nil, idleSeconds: Int? = nil,
                callTimeoutSeconds: Int? = nil, pinning: PinningMode = .enforce, upstreamScope: UpstreamScope = .shared) {
        self.name = name
        self.transport = transport
        self.policyPath = policyPath
        self.idleSeconds = idleSeconds
        self.callTimeoutSeconds = callTimeoutSeconds
        self.pinning = pinning
        self.upstreamScope = upstreamScope
    }

    /// The call timeout in force for this server.
    public func callTimeout(in limits: GatewayLimits) -> Int {
        callTimeoutSeconds ?? limits.callTimeoutSeconds
    }
}

/// How the gateway talks to an upstream server.
public enum UpstreamTransport: Sendable, Equatable {
    /// A subprocess speaking MCP over stdin/stdout.
    case stdio(StdioLaunch)
    /// A remote server speaking Streamable HTTP.
    case http(HTTPEndpoint)

    /// `stdio` or `http`, for summaries.
    public var name: String {
        switch self {
        case .stdio: return "stdio"
        case .http: return "http"
        }
    }
}

/// How to start a stdio server.
public struct StdioLaunch: Sendable, Equatable {
    /// The program, found on `PATH` when not a path.
    public var command: String
    public var arguments: [String]
    /// Variables set for the process on top of the gateway's environment (values expanded).
    public var environment: [String: String]
    /// The working folder, resolved against the configuration's folder; nil for the gateway's.
    public var workingDirectory: String?

    public init(command: String, arguments: [String] = [], environment: [String: String] = [:], workingDirectory: String? = nil) {
        self.command = command
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
    }
}

/// Where a Streamable HTTP server listens.
public struct HTTPEndpoint: Sendable, Equatable {
    /// The MCP endpoint (values expanded).
    public var url: URL
    /// Headers sent with every request (values expanded: they often carry credentials).
    public var headers: [String: String]

    public init(url: URL, headers: [String: String] = [:]) {
        self.url = url
        self.headers = headers
    }

    /// The URL without credentials or query, safe to print.
    public var displayURL: String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "(url)" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "(url)"
    }
}
