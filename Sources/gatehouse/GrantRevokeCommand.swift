import ArgumentParser
import Policy
import Store

/// `gatehouse grant revoke NAME`: the grant's token stops working.
struct GrantRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a grant: its token stops working (within 2 seconds on running gateways).",
        discussion: """
            The grant stays listed (and in the audit log) as revoked; its name cannot be reused.

            Example:
              gatehouse grant revoke claude-desktop
            """
    )

    @Argument(help: ArgumentHelp("The grant's name.", valueName: "name"))
    var name: String

    @OptionGroup var config: ConfigOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let name = self.name
        let grant = try await state.withStores(configured: config.configuredStore()) { stores -> Grant in
            do {
                return try await stores.grants.revoke(name: name)
            } catch StoreError.notFound {
                let names = try await stores.grants.list().map(\.name)
                throw CommandFailure("gatehouse: no grant named '\(name)'\(DidYouMean.hint(for: name, among: names))")
            }
        }
        if output.json {
            Console.json(grant.json)
        } else {
            Console.out("revoked grant '\(grant.name)'; running gateways refuse its token within 2 seconds")
        }
    }
}
