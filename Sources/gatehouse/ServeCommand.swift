import ArgumentParser
import Catalog
import Foundation
import Gateway
import GatewayRuntime
import Logging
import Metrics
import Prometheus
import Server
import SiteGenerator
import Store

/// `gatehouse serve`: the gateway (and the docs site, when generated) over HTTP.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway: every MCP call passes the policy first.",
        discussion: """
            Agents connect to http://HOST:PORT/mcp/<server> (MCP Streamable HTTP) with \
            Authorization: Bearer <token> (see `gatehouse grant create`). Each configured server \
            runs under its policy; policy files are reloaded when they change. Also served: \
            /healthz, /metrics (Prometheus), the API under /api/ (docs/builder.md), the pages \
            /builder, /approvals and /dashboard, and the docs site from ./public at /.

            The docs site is generated first (from --catalog, --patterns and --templates) when \
            public/ is missing or older than them; --no-generate serves public/ as it is. \
            Endpoints that change state or show the audit log need the admin token (adminToken in \
            gatehouse.json, or GATEHOUSE_ADMIN_TOKEN) as Authorization: Bearer; without one they \
            answer 403.

            The configuration is checked first: with any error the gateway does not start (see \
            `gatehouse config check`). SIGTERM or SIGINT stops it gracefully: sessions end, \
            upstream processes are stopped, then the server exits.

            --no-auth lets any local agent in without a token (as grant "local"); it is refused \
            unless --host is a loopback address.

            Examples:
              gatehouse serve
              gatehouse serve --config examples/demo/gatehouse.json --port 8080
              gatehouse serve --catalog ../shared/catalog --no-generate
              gatehouse serve --store postgres://gatehouse@db/gatehouse --host 0.0.0.0 --replica-id a

            Replicas: run several with the same --store postgres://… (or "store" in \
            gatehouse.json) behind a load balancer that routes by the Mcp-Session-Id header \
            (see docs/scaling.md); limits, grants, approvals and the audit log are shared.
            """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var state: StateOptions

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on.", valueName: "port"))
    var port = 8080

    @Flag(name: .customLong("no-auth"), help: "Accept agents without a token (loopback hosts only).")
    var noAuth = false

    @Option(name: .customLong("public"), help: ArgumentHelp("The generated site to serve at / (when it exists).", valueName: "dir"))
    var publicFolder = "public"

    @OptionGroup var catalog: CatalogOptions

    @OptionGroup var sources: SiteSourceOptions

    @Flag(name: .customLong("no-generate"), help: "Serve public/ as it is, even when it is missing or older than the catalog and templates.")
    var noGenerate = false

    @Option(name: .customLong("replica-id"), help: ArgumentHelp(
        "This gateway's name among replicas: the prefix of its session ids and the owner of the calls it holds for approval "
            + "(letters, digits, - and _; default: GATEHOUSE_REPLICA, else random for sessions and host:port for approvals). "
            + "A request for a session held by another replica gets a 404 naming it.", valueName: "name"))
    var replicaID: String?

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info, notice, warning or error.", valueName: "level"))
    var logLevel = "info"

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be between 1 and 65535") }
        if noAuth && !GatehouseServer.isLoopback(host) {
            throw ValidationError("--no-auth is refused on \(host): without tokens anyone who can reach the port could call every tool. Use a loopback --host (127.0.0.1) or grants.")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
        _ = try replica()
    }

    /// `--replica-id`, else `GATEHOUSE_REPLICA` when it can prefix a session id, else random.
    private func replica() throws -> ReplicaID {
        guard let replicaID else {
            let named = ProcessInfo.processInfo.environment["GATEHOUSE_REPLICA"].flatMap { try? ReplicaID($0) }
            return named ?? .random()
        }
        do {
            return try ReplicaID(replicaID)
        } catch {
            throw ValidationError("--replica-id: \(error)")
        }
    }

    func run() async throws {
        if ProcessInfo.processInfo.environment["GATEHOUSE_DISPATCH_EXECUTOR"] == nil { GatewayRuntime.runTasksOnEventLoops() }
        let logger = GatehouseLogging.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .info)
        let (configuration, policies) = try GatewayStartup.loadConfiguration(config, logger: logger)
        try checkHosts(configuration, logger: logger)
        let prometheus = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: prometheus))
        let stores = try GatewayStartup.openStores(state, configured: configuration.store, logger: logger)
        // --replica-id names this gateway for approvals too; without it, approvals keep their
        // host-and-port name and session ids get a random prefix.
        let replicaName = replicaID ?? GatewayAssembly.defaultReplica(port: port)
        // Audit rows queued while the store is down survive a stop in <data>/audit-spool-<replica>.jsonl.
        let runtime = try GatewayStartup.assemble(
            configuration, policies: policies, stores: stores, replica: replicaName, replicaID: try replica(),
            auditSpool: AuditSpool(directory: state.data, replica: replicaName), logger: logger)
        let assembly = runtime.assembly
        let authentication: AgentAuthentication
        if noAuth {
            logger.warning("AUTHENTICATION IS OFF (--no-auth): any process on this machine can call every configured tool as grant 'local'")
            authentication = .disabled(actingAs: "local")
        } else {
            authentication = .grants(GrantAuthenticator(store: stores.grants))
        }
        if configuration.adminToken == nil {
            logger.notice("no adminToken: the admin API (/api/audit and every endpoint that changes state) answers 403; set adminToken in \(config.file) or GATEHOUSE_ADMIN_TOKEN to open it")
        }
        if !noGenerate {
            _ = await SiteRefresh.refreshIfNeeded(try siteConfiguration(), logger: logger)
        }
        let builder = BuilderServices(
            catalog: loadCatalog(logger: logger), servers: configuration.servers, policies: assembly.policies,
            versions: stores.policyVersions, liveTools: RouteToolLister(routes: assembly.routes, logger: logger))
        let server = GatehouseServer(
            options: .init(host: host, port: port, authentication: authentication, adminToken: configuration.adminToken,
                           allowedOrigins: configuration.allowedOrigins, allowedHosts: configuration.allowedHosts,
                           maxBodyBytes: configuration.limits.maxBodyBytes, connections: configuration.limits.connections,
                           publicFolder: publicFolder, storeHealth: { stores.health },
                           disabledServers: Set(configuration.disabledServers)),
            routes: assembly.routes, registry: assembly.registry, auditStore: stores.audit, auditLog: assembly.audit,
            prometheus: prometheus, logger: logger,
            builder: builder, approvals: stores.approvals, pins: assembly.pins)
        let service = GatewayService(runtime: runtime, logger: logger)
        logger.notice("gatehouse serving \(assembly.routes.count) server(s) on http://\(host):\(port)/mcp/<server>",
                      metadata: ["servers": "\(assembly.routes.keys.sorted().joined(separator: ", "))", "store": "\(stores.location)",
                                 "replica": "\(assembly.registry.replica)"])
        try await GatewayStartup.running(assembly) {
            do {
                try await server.run(gatewayService: service) {
                    try await stores.migrate()
                    await assembly.recover(logger: logger)
                }
            } catch {
                throw CommandFailure("gatehouse: the server stopped: \(error)")
            }
        }
        logger.notice("gatehouse stopped")
    }

    /// The `Host` rule (docs/gateway.md): on an address other than loopback the gateway does
    /// not start until `allowedHosts` names what clients call it — `["*"]` to check nothing,
    /// which is said at every start.
    private func checkHosts(_ configuration: GatewayConfiguration, logger: Logger) throws {
        if configuration.allowedHosts.contains("*") {
            logger.warning("THE HOST HEADER IS NOT CHECKED (allowedHosts: [\"*\"]): a web page on any name that resolves to this machine can reach the gateway's open endpoints from a visitor's browser (DNS rebinding)")
            return
        }
        guard !GatehouseServer.isLoopback(host), configuration.allowedHosts.isEmpty else { return }
        throw CommandFailure("""
            gatehouse: refusing to listen on \(host) without "allowedHosts": requests are answered only when their Host header \
            names this gateway, and on \(host) it cannot tell which names are its own. Add the names clients use to \(config.file), \
            e.g. "allowedHosts": ["gatehouse.example.com"], or "allowedHosts": ["*"] to check nothing (see docs/gateway.md)
            """)
    }

    private func siteConfiguration() throws -> SiteGenerator.Configuration {
        SiteGenerator.Configuration(
            catalogDirectories: catalog.resolved, templatesDirectory: try sources.resolvedTemplates(),
            patternsDirectory: try sources.resolvedPatterns(), outputDirectory: publicFolder)
    }

    /// The catalog the builder offers: every server that loads (problems are logged, not fatal —
    /// the gateway does not need the catalog to enforce policies).
    private func loadCatalog(logger: Logger) -> Catalog {
        let result = Catalog.check(directories: catalog.resolved)
        if !result.problems.isEmpty {
            logger.log(level: catalog.directories.isEmpty ? .info : .warning, "the catalog has \(result.problems.count) problem(s); the builder offers the \(result.catalog.servers.count) server(s) that loaded (see `gatehouse catalog check`)",
                           metadata: ["catalog": "\(catalog.resolved.joined(separator: ", "))", "first": "\(result.problems[0])"])
        }
        return result.catalog
    }
}
