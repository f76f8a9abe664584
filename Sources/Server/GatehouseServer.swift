import Foundation
import Gateway
import GatewayRuntime
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Prometheus
import ServiceLifecycle
import Store

/// The Hummingbird application: the gateway at `/mcp/<server>`, health, metrics, the audit API,
/// and the docs site's files from `public/` at `/` when that folder exists.
public struct GatehouseServer: Sendable {
    /// Where and how to listen.
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        public var authentication: AgentAuthentication
        public var adminToken: String?
        public var allowedOrigins: [String]
        /// Host names answered besides the listening address and loopback (``HostCheck``).
        public var allowedHosts: [String]
        public var maxBodyBytes: Int
        /// Header, body and idle timeouts and the connection cap (``GatehouseHTTPChannel``).
        public var connections: ConnectionLimits
        /// The generated site; served at `/` when the folder exists.
        public var publicFolder: String?
        /// Whether the state store answers, for `/healthz` (503 while it does not).
        public var storeHealth: @Sendable () -> StoreHealth
        /// Servers the configuration marks `"disabled": true`: `/mcp/<name>` says so (404).
        public var disabledServers: Set<String>

        public init(host: String = "127.0.0.1", port: Int = 8080, authentication: AgentAuthentication, adminToken: String? = nil,
                    allowedOrigins: [String] = [], allowedHosts: [String] = [], maxBodyBytes: Int = 4 << 20,
                    connections: ConnectionLimits = ConnectionLimits(), publicFolder: String? = "public",
                    storeHealth: @escaping @Sendable () -> StoreHealth = { StoreHealth(kind: "sqlite", isUp: true) },
                    disabledServers: Set<String> = []) {
            self.host = host
            self.port = port
            self.authentication = authentication
            self.adminToken = adminToken
            self.allowedOrigins = allowedOrigins
            self.allowedHosts = allowedHosts
            self.maxBodyBytes = maxBodyBytes
            self.connections = connections
            self.publicFolder = publicFolder
            self.storeHealth = storeHealth
            self.disabledServers = disabledServers
        }
    }

    public let options: Options
    public let routes: [String: UpstreamRoute]
    public let registry: SessionRegistry
    public let auditStore: any AuditStore
    /// The gateway's audit log, for the backlog `/healthz` shows (nil: not shown).
    public let auditLog: AuditLog?
    public let prometheus: PrometheusCollectorRegistry
    public let logger: Logger
    /// The policy builder's API and the dashboard (nil: only the pages and `/api/events`).
    public let builder: BuilderServices?
    /// The approvals queue and tool pins behind `/api/approvals` and `/api/pins` (nil: absent).
    public let approvals: (any ApprovalStore)?
    public let pins: PinGuard?
    /// Where 401s and 403s go, to become `access_refused` audit rows (nil without an audit log).
    public let refusals: AccessRefusalLog?

    public init(options: Options, routes: [String: UpstreamRoute], registry: SessionRegistry, auditStore: any AuditStore,
                auditLog: AuditLog? = nil, prometheus: PrometheusCollectorRegistry, logger: Logger, builder: BuilderServices? = nil,
                approvals: (any ApprovalStore)? = nil, pins: PinGuard? = nil) {
        self.options = options
        self.routes = routes
        self.registry = registry
        self.auditStore = auditStore
        self.auditLog = auditLog
        self.prometheus = prometheus
        self.logger = logger
        self.builder = builder
        self.approvals = approvals
        self.pins = pins
        self.refusals = auditLog.map { AccessRefusalLog(audit: $0, logger: logger) }
    }

    /// Whether `host` is a loopback address (where `--no-auth` is allowed).
    public static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        return lowered == "localhost" || lowered == "::1" || lowered == "[::1]" || lowered.hasPrefix("127.")
    }

    /// The router with every route.
    public func router() -> Router<GatehouseRequestContext> {
        let router = Router(context: GatehouseRequestContext.self)
        let origins = OriginCheck(configured: options.allowedOrigins, port: options.port)
        let endpoint = MCPEndpoint(
            routes: routes, disabledServers: options.disabledServers, registry: registry, authentication: options.authentication,
            origins: origins, maxBodyBytes: options.maxBodyBytes,
            logger: logger)
        let admin = AdminRoutes(
            registry: registry, servers: routes.keys.sorted(), prometheus: prometheus, auditStore: auditStore,
            auditLog: auditLog, storeHealth: options.storeHealth, authorization: AdminAuthorization(token: options.adminToken))
        if let refusals {
            router.add(middleware: AccessRefusalMiddleware(log: refusals, authentication: options.authentication))
        }
        router.add(middleware: RequestGate(hosts: HostCheck(listeningOn: options.host, allowedHosts: options.allowedHosts)))
        if let folder = options.publicFolder, FileManager.default.fileExists(atPath: folder) {
            router.add(middleware: FileMiddleware(folder, searchForIndexHtml: true, logger: logger))
        }
        if let folder = PageRoutes.appFolder {
            router.add(middleware: FileMiddleware(folder, urlBasePath: "/assets/app", logger: logger))
        }
        router.add(middleware: APIOriginGuard(origins: origins))
        router.addRoutes(endpoint.collection)
        router.addRoutes(admin.collection)
        addBuilderAndPages(to: router)
        return router
    }

    /// The builder API, the pages, `/api/events` and `/api/dashboard` (Sources/Server/Builder, Pages).
    private func addBuilderAndPages(to router: Router<GatehouseRequestContext>) {
        let authorization = AdminAuthorization(token: options.adminToken)
        if let builder {
            router.addRoutes(BuilderRoutes(services: builder, audit: auditStore, registry: registry, authorization: authorization).collection)
        }
        if let approvals {
            router.addRoutes(ApprovalRoutes(approvals: approvals, audit: auditStore, authorization: authorization).collection)
        }
        if let pins {
            router.addRoutes(PinRoutes(pins: pins, servers: routes.keys.sorted(), authorization: authorization).collection)
        }
        router.addRoutes(PageRoutes(appFolder: PageRoutes.appFolder, audit: auditStore, registry: registry, services: builder,
                                    authorization: authorization).collection)
    }

    /// Runs the server and the gateway's background service until SIGTERM or SIGINT, then
    /// shuts down gracefully: sessions (and their upstream processes) first, then HTTP.
    /// `prepare` runs before the server accepts connections (e.g. migrating PostgreSQL, whose
    /// pool the gateway service runs).
    public func run(gatewayService: GatewayService, prepare: @escaping @Sendable () async throws -> Void = {}) async throws {
        var app = Application(
            router: router(), server: GatehouseHTTPChannel.builder(limits: options.connections),
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port), serverName: "gatehouse"),
            logger: logger)
        app.beforeServerStarts(perform: prepare)
        // Graceful shutdown runs in reverse order: the gateway service closes every session
        // (ending SSE streams and upstream processes) before the HTTP server drains, and the
        // refusals noted until then are written last.
        let refusalService: [ServiceGroupConfiguration.ServiceConfiguration] = refusals.map { [.init(service: $0)] } ?? []
        var configuration = ServiceGroupConfiguration(
            services: refusalService + [.init(service: app), .init(service: gatewayService)],
            gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(3)
        try await ServiceGroup(configuration: configuration).run()
    }
}
