import ArgumentParser
import Gateway
import JSON
import Policy

/// `gatehouse config check`: every problem in gatehouse.json and its policy files, or a summary.
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check gatehouse.json and every policy it names; report every problem at once.",
        discussion: """
            Servers use the mcpServers shape of Claude Desktop and Cursor: "command"/"args"/"env" \
            (stdio) or "url"/"headers" (Streamable HTTP), plus "policy": a policy file relative to \
            the configuration's folder. ${NAME} in env, headers, url, adminToken, store and the \
            approvals webhook is read from the environment (a missing variable is an error; values \
            are never printed). Each problem is printed as FILE: JSON-POINTER: MESSAGE, e.g.
              gatehouse.json: /mcpServers/twenty/args/1: expected a string, found number
              policies/twenty.json: /tools/X/limits/0/window: unknown window "minit" (did you mean 'minute'?)

            Exit status: 0 when the gateway would start (warnings allowed), 1 when there is an error.

            Examples:
              gatehouse config check
              gatehouse config check --config deploy/gatehouse.json --json
            """
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let result = ConfigurationLoader.load(file: config.file)
        if output.json {
            Console.json(Self.report(file: config.file, result))
        } else {
            for problem in result.problems { Console.out(problem.description) }
            if let configuration = result.configuration {
                Console.out(Self.summary(configuration, policies: result.policies))
            } else {
                Console.error("\(config.file): \(result.errors.count) error(s); the gateway would not start")
            }
        }
        if result.configuration == nil { throw CommandFailure() }
    }

    static func summary(_ configuration: GatewayConfiguration, policies: [String: LoadedPolicy]) -> String {
        let count = configuration.servers.count
        var lines = ["\(configuration.file): ok, \(count) server\(count == 1 ? "" : "s")"
                     + (configuration.disabledServers.isEmpty ? "" : " (\(configuration.disabledServers.count) disabled)")]
        var table = TextTable(header: ["SERVER", "TRANSPORT", "UPSTREAM", "POLICY"])
        for server in configuration.servers {
            table.add([server.name, server.transport.name, upstream(server.transport), policy(server, policies[server.name])])
        }
        for name in configuration.disabledServers {
            table.add([name, "-", "disabled", "-"])
        }
        if !configuration.servers.isEmpty || !configuration.disabledServers.isEmpty { lines.append(table.text) }
        return lines.joined(separator: "\n")
    }

    /// What runs, without anything secret: the command and its arguments as written, or the URL
    /// without credentials or query.
    static func upstream(_ transport: UpstreamTransport) -> String {
        switch transport {
        case .stdio(let launch): return TerminalText.safe(([launch.command] + launch.arguments).joined(separator: " "))
        case .http(let endpoint): return endpoint.displayURL
        }
    }

    static func policy(_ server: ServerConfiguration, _ loaded: LoadedPolicy?) -> String {
        guard let loaded else { return "none: every call is denied" }
        let document = loaded.document
        return "\(loaded.path) (default \(document.defaultAction.rawValue), \(document.tools.count) rule\(document.tools.count == 1 ? "" : "s"))"
    }

    static func report(file: String, _ result: ConfigurationLoadResult) -> JSONValue {
        var report: JSONObject = [
            "file": .string(file),
            "valid": .bool(result.configuration != nil),
            "problems": .array(result.problems.map { problem in
                ["file": .string(problem.file), "pointer": .string(problem.pointer.description),
                 "severity": .string(problem.severity.rawValue), "message": .string(problem.message)]
            }),
        ]
        if let configuration = result.configuration {
            report["servers"] = .array(configuration.servers.map { server in
                [
                    "name": .string(server.name), "transport": .string(server.transport.name),
                    "upstream": .string(upstream(server.transport)),
                    "policy": result.policies[server.name].map { .string($0.path) } ?? .null,
                ]
            })
            report["disabledServers"] = .array(configuration.disabledServers.map(JSONValue.string))
        }
        return .object(report)
    }
}
