import ArgumentParser
import Foundation
import Gateway
import JSON
import Policy
import Store

/// `gatehouse grant create`: a new grant, and its token, shown once.
struct GrantCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a grant and print its token (shown once).",
        discussion: """
            Every --server must be a server of the configuration (--config). The token is printed \
            on stdout exactly once; only its hash is stored, so a lost token cannot be recovered: \
            revoke the grant and create another. A running gateway accepts the new grant at once.

            --json prints {"name", "token", "servers", "id", "createdAt"}.

            Examples:
              gatehouse grant create --name claude-desktop --server demo
              gatehouse grant create --name ci --server time --server git --json
            """
    )

    @Option(help: ArgumentHelp("A unique name: letters, digits, '.', '_', '@' and '-'.", valueName: "name"))
    var name: String

    @Option(name: .customLong("server"), help: ArgumentHelp("A configured server the grant may call. Repeat for several.", valueName: "server"))
    var servers: [String] = []

    @OptionGroup var config: ConfigOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if servers.isEmpty { throw ValidationError("name at least one --server the grant may call") }
    }

    func run() async throws {
        let configuration = try config.parse()
        let known = configuration.servers.map(\.name) + configuration.disabledServers
        for server in servers where !known.contains(server) {
            throw CommandFailure("gatehouse: \(config.file) has no server '\(server)'\(DidYouMean.hint(for: server, among: known))")
        }
        let name = self.name
        var servers: [String] = []
        for server in self.servers where !servers.contains(server) { servers.append(server) }
        let issued = try await state.withStores(configured: configuration.store) { [servers] stores in
            do {
                return try await stores.grants.create(name: name, servers: servers)
            } catch let error as StoreError {
                throw CommandFailure("gatehouse: \(error)")
            }
        }
        Console.error("This token is shown once and cannot be recovered; store it now (Gatehouse keeps only its hash).")
        if output.json {
            var json = issued.grant.json
            if case .object(var members) = json {
                members["token"] = .string(issued.token)
                json = .object(members)
            }
            Console.json(json)
        } else {
            Console.out("""
                Created grant '\(issued.grant.name)' for \(issued.grant.servers.joined(separator: ", ")).

                    \(issued.token)

                Agents send it as:  Authorization: Bearer <token>
                """)
        }
    }
}
