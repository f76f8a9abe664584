import ArgumentParser
import Foundation
import JSON
import Store

/// `gatehouse grant list`: every grant, never a token.
struct GrantListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List grants: name, servers, when created and revoked (never tokens).",
        discussion: """
            --json prints an array of {"id", "name", "servers", "createdAt", "revokedAt"}.

            Examples:
              gatehouse grant list
              gatehouse grant list --store postgres://gatehouse@db/gatehouse --json
            """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let grants = try await state.withStores(configured: config.configuredStore()) { stores in
            try await stores.grants.list()
        }
        if output.json {
            Console.json(.array(grants.map(\.json)))
            return
        }
        guard !grants.isEmpty else {
            Console.error("no grants yet: gatehouse grant create --name NAME --server SERVER")
            return
        }
        var table = TextTable(header: ["NAME", "SERVERS", "CREATED", "STATUS"])
        for grant in grants {
            let status = grant.revokedAt.map { "revoked \(Timestamp.string($0))" } ?? "active"
            table.add([grant.name, grant.servers.joined(separator: ","), Timestamp.string(grant.createdAt), status])
        }
        Console.out(table.text)
    }
}
