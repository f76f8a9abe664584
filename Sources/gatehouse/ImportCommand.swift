import ArgumentParser
import Catalog
import Foundation
import Importer
import JSON
import Logging

/// `gatehouse import`: read a live MCP server's tools into a catalog folder.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a live MCP server's tools into a catalog folder.",
        discussion: """
            Acts as a real MCP client: starts the server (--stdio) or connects to it (--url), sends \
            initialize, then tools/list following every nextCursor, closes it cleanly, and writes \
            servers/<id>.json into the catalog folder (docs/catalog.md). The file holds every tool \
            verbatim, the server's serverInfo, and where and when it was imported; it passes \
            'gatehouse catalog check'. Running it again updates the file.

            The id defaults to a safe slug of the server's own name (serverInfo.name). A stdio \
            server gets only HOME, LOGNAME, PATH, SHELL, TERM and USER from your environment, plus \
            any --env; headers and --env values are never written to the file.

            A server that cannot start, exits, answers garbage, or does not answer within --timeout \
            is an error (exit 1) and no file is written.

            Examples:
              gatehouse import --stdio "mcp-server-time --local-timezone UTC"
              gatehouse import --stdio "uvx mcp-server-git" --id git --catalog my-catalog
              gatehouse import --url https://mcp.example.com/mcp --header "Authorization: Bearer $TOKEN" --json
            """
    )

    @Option(name: .customLong("stdio"), help: ArgumentHelp(
        "Start this command and speak MCP over its stdin/stdout (one argument; quote it).", valueName: "command"))
    var stdio: String?

    @Option(name: .customLong("url"), help: ArgumentHelp("Connect to this Streamable HTTP MCP endpoint.", valueName: "url"))
    var url: String?

    @Option(name: .customLong("header"), help: ArgumentHelp("An HTTP header for --url, as 'Name: value'. Repeatable.", valueName: "header"))
    var headers: [String] = []

    @Option(name: .customLong("env"), help: ArgumentHelp("An environment variable for --stdio, as NAME=VALUE. Repeatable.", valueName: "name=value"))
    var environment: [String] = []

    @Option(name: .customLong("id"), help: ArgumentHelp(
        "The server's catalog id (letters, digits, '.', '_', '-'). Default: a slug of its name.", valueName: "id"))
    var id: String?

    @Option(name: .customLong("catalog"), help: ArgumentHelp("The catalog folder to write into.", valueName: "dir"))
    var catalog = "content"

    @Option(name: .customLong("timeout"), help: ArgumentHelp("Seconds the whole import may take.", valueName: "seconds"))
    var timeout: Double = 30

    @Flag(name: .customLong("verbose"), help: "Show what the server writes on stderr.")
    var verbose = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (stdio == nil) != (url == nil) else { throw ValidationError("give exactly one of --stdio COMMAND or --url URL") }
        if url != nil, !environment.isEmpty { throw ValidationError("--env is for --stdio servers; use --header for --url") }
        if stdio != nil, !headers.isEmpty { throw ValidationError("--header is for --url servers; use --env for --stdio") }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be a positive number of seconds") }
        if let id, !ServerID.isValid(id) {
            throw ValidationError("--id '\(id)' is not a safe id (use letters, digits, '.', '_' and '-', not starting with '.')")
        }
        _ = try source()
    }

    func run() async throws {
        let source = try source()
        let importer = ServerImporter(logger: logger())
        let server: ImportedServer
        do {
            server = try await importer.importServer(from: source, id: id, timeout: .milliseconds(Int64(timeout * 1000)), importedAt: Self.now())
        } catch {
            throw CommandFailure("gatehouse import: \(error)")
        }
        let path: String
        do {
            path = try CatalogFolderWriter.write(server, into: catalog)
        } catch {
            throw CommandFailure("gatehouse import: \(error)")
        }
        report(server, path: path)
    }

    private func report(_ server: ImportedServer, path: String) {
        let names = server.tools.compactMap { $0["name"]?.stringValue }
        if output.json {
            Console.json([
                "id": .string(server.id), "file": .string(path), "name": server.serverInfo["name"] ?? .null,
                "version": server.serverInfo["version"] ?? .null, "protocolVersion": .string(server.protocolVersion),
                "transport": .string(server.transport), "tools": .array(names.map(JSONValue.string)),
            ])
        } else {
            let version = server.serverInfo["version"]?.stringValue.map { " \($0)" } ?? ""
            let name = server.serverInfo["name"]?.stringValue ?? server.id
            Console.out("imported \(name)\(version) over \(server.transport) (protocol \(server.protocolVersion)): \(names.count) tool(s) -> \(path)")
            if !names.isEmpty { Console.out("  " + names.joined(separator: ", ")) }
        }
    }

    private func source() throws -> ImportSource {
        if let stdio {
            let words: [String]
            do {
                words = try CommandLineWords.split(stdio)
            } catch {
                throw ValidationError("--stdio: \(error)")
            }
            return .stdio(command: words, environment: try Self.pairs(environment, separator: "=", what: "--env", example: "NAME=value"))
        }
        return .http(url: url ?? "", headers: try Self.pairs(headers, separator: ":", what: "--header", example: "'Name: value'"))
    }

    private static func pairs(_ items: [String], separator: Character, what: String, example: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for item in items {
            guard let index = item.firstIndex(of: separator), index != item.startIndex else {
                throw ValidationError("\(what) '\(item)' is not \(example)")
            }
            let value = item[item.index(after: index)...]
            result[String(item[..<index]).trimmingCharacters(in: .whitespaces)] =
                separator == ":" ? value.trimmingCharacters(in: .whitespaces) : String(value)
        }
        return result
    }

    private func logger() -> Logger {
        Logger(label: "gatehouse.import") { StderrLogHandler(label: $0, level: verbose ? .info : .warning) }
    }

    private static func now() -> String {
        Date.now.formatted(.iso8601)
    }
}
