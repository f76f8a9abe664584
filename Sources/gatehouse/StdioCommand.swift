import ArgumentParser
import Foundation
import Gateway
import GatewayRuntime
import Logging
import Store

/// `gatehouse stdio <server>`: the gateway for one server, spoken over stdin/stdout.
struct StdioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stdio",
        abstract: "Run the gateway for one server over stdin/stdout, for clients that launch stdio servers.",
        discussion: """
            For MCP clients that can only start a command (Claude Desktop, Cursor…): put \
            `gatehouse stdio <server>` where the server's own command was, and the same policy, \
            rate limits and audit log apply as over HTTP. One process is one agent session.

            The agent's grant comes from the GATEHOUSE_TOKEN environment variable (a token from \
            `gatehouse grant create`, covering <server>). --no-auth runs as grant "local" instead. \
            Logs go to stderr; stdout carries only MCP messages.

            A client configuration:
              {"mcpServers": {"crm": {"command": "gatehouse",
                 "args": ["stdio", "crm", "--config", "/path/to/gatehouse.json", "--data", "/path/to/data"],
                 "env": {"GATEHOUSE_TOKEN": "gh_…"}}}}
            """
    )

    @Argument(help: ArgumentHelp("The configured server to connect to.", valueName: "server"))
    var server: String

    @OptionGroup var config: ConfigOptions
    @OptionGroup var state: StateOptions

    @Flag(name: .customLong("no-auth"), help: "Run without a token, as grant \"local\".")
    var noAuth = false

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info, notice, warning or error.", valueName: "level"))
    var logLevel = "notice"

    /// Where the agent's token comes from.
    static let tokenVariable = "GATEHOUSE_TOKEN"

    func run() async throws {
        if ProcessInfo.processInfo.environment["GATEHOUSE_DISPATCH_EXECUTOR"] == nil { GatewayRuntime.runTasksOnEventLoops() }
        let logger = GatehouseLogging.bootstrap(level: Logger.Level(rawValue: logLevel) ?? .notice)
        let (configuration, policies) = try GatewayStartup.loadConfiguration(config, logger: logger)
        guard configuration.server(named: server) != nil else {
            let known = configuration.servers.map(\.name)
            throw CommandFailure("gatehouse: \(config.file) has no server '\(server)' (servers: \(known.joined(separator: ", ")))")
        }
        let stores = try GatewayStartup.openStores(state, configured: configuration.store, logger: logger)
        // A replica of its own, named after the process (see GatewayRuntime on why it recovers nothing at start).
        let runtime = try GatewayStartup.assemble(
            configuration, policies: policies, stores: stores,
            replica: "\(GatewayAssembly.defaultReplica())/stdio-\(ProcessInfo.processInfo.processIdentifier)", logger: logger)
        let assembly = runtime.assembly
        let route = assembly.routes[server]!
        try await GatewayStartup.running(assembly) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                // The same loops as `serve`; the stores' upkeep among them runs before the migration, which needs it.
                group.addTask { await runtime.runLoops() }
                defer { group.cancelAll() }
                do {
                    try await stores.migrate()
                } catch {
                    throw CommandFailure("gatehouse: \(error)")
                }
                let grant = try await agentGrant(stores: stores)
                let session: GatewaySession
                do {
                    session = try assembly.registry.open(grant: grant, route: route)
                } catch {
                    throw CommandFailure("gatehouse: \(error)")
                }
                await assembly.registry.opened(session)
                await StdioFront(session: session, stateless: assembly.registry.stateless,
                                 maximumMessageSize: configuration.limits.maxBodyBytes, logger: logger).run()
                await assembly.registry.close(session, reason: "stdin closed")
                await assembly.registry.pools.closeAll()
            }
        }
    }

    /// The grant named by GATEHOUSE_TOKEN, which must cover the server.
    private func agentGrant(stores: StateStores) async throws -> String {
        if noAuth { return "local" }
        guard let token = ProcessInfo.processInfo.environment[Self.tokenVariable], !token.isEmpty else {
            throw CommandFailure("gatehouse: set \(Self.tokenVariable) to a grant's token (gatehouse grant create --name … --server \(server)), or use --no-auth")
        }
        let grant: Grant?
        do {
            grant = try await stores.grants.authenticate(token: token)
        } catch {
            throw CommandFailure("gatehouse: cannot read grants: \(error)")
        }
        guard let grant else { throw CommandFailure("gatehouse: \(Self.tokenVariable) is not the token of an active grant") }
        guard grant.covers(server: server) else {
            throw CommandFailure("gatehouse: grant '\(grant.name)' (from \(Self.tokenVariable)) does not cover server '\(server)'")
        }
        return grant.name
    }
}
