import ArgumentParser
import Catalog
import JSON

/// `gatehouse catalog check`: every problem in the catalog folders, at once.
struct CatalogCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check catalog folders and report every problem at once.",
        discussion: """
            Reports, each as FILE: JSON-POINTER: MESSAGE — invalid JSON (with line and column), a \
            missing or non-string id, an id that is not a safe path segment or does not match its file \
            name, duplicate server ids across folders, missing tools, tools without a name, duplicate \
            tool names, input schemas that are not object schemas, annotations that are not booleans, \
            and note files (servers/<id>/<tool>.md) for tools that do not exist. For example:
              content/servers/acme.json: /tools/3/name: duplicate tool name 'get' (first at /tools/1/name)

            Exit status: 0 when every folder is valid, 1 when there is any problem.

            Examples:
              gatehouse catalog check
              gatehouse catalog check --catalog ../shared/catalog --catalog content --json
            """
    )

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let result = Catalog.check(directories: catalog.resolved)
        let toolCount = result.catalog.servers.reduce(0) { $0 + $1.tools.count }
        if output.json {
            Console.json([
                "valid": .bool(result.isValid),
                "folders": .array(catalog.resolved.map(JSONValue.string)),
                "servers": .int(Int64(result.catalog.servers.count)),
                "tools": .int(Int64(toolCount)),
                "problems": .array(result.problems.map { problem in
                    ["file": .string(problem.file), "pointer": .string(problem.pointer.description), "message": .string(problem.message)]
                }),
            ])
        } else {
            for problem in result.problems { Console.out(problem.description) }
            if result.isValid {
                Console.out("ok: \(result.catalog.servers.count) servers, \(toolCount) tools in \(catalog.resolved.joined(separator: ", "))")
            } else {
                Console.error("\(result.problems.count) problem(s) in \(catalog.resolved.joined(separator: ", "))")
            }
        }
        if !result.isValid { throw CommandFailure() }
    }
}
