import ArgumentParser
import DemoServer

/// `gatehouse demo-server`: the demo CRM upstream over stdio.
struct DemoServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-server",
        abstract: "Run a small demo MCP server (a CRM held in memory) over stdio.",
        discussion: """
            An upstream to try the gateway on: people, companies and connected accounts (with \
            access and refresh tokens), each with findMany…, findOne…, createOne…, UpdateOne… and \
            deleteOne… tools named like Twenty CRM's, so the public tool pages' policies apply \
            unchanged. Records live in memory and vanish when the process ends.

            It speaks MCP over stdin/stdout (one JSON-RPC message per line) and logs to stderr. \
            You rarely run it by hand: the gateway starts it, as examples/demo/gatehouse.json says:
              {"mcpServers": {"crm": {"command": "gatehouse", "args": ["demo-server"],
                                      "policy": "policy.json"}}}

            Try it directly:
              echo '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' | gatehouse demo-server
            """
    )

    func run() throws {
        DemoServerLoop.run()
    }
}
