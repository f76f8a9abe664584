import ArgumentParser
import Catalog
import Foundation
import JSON
import Policy

/// `gatehouse check policy.json…`: every problem in a policy, with its JSON pointer.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check policy files and report every problem at once.",
        discussion: """
            Each problem is printed as FILE: JSON-POINTER: MESSAGE, for example
              policy.json: /tools/X/limits/0/window: unknown window "minit" (did you mean 'minute'?)
            Unknown fields are errors. With --server (and --catalog), rules naming tools the server \
            does not have are reported as warnings, with a did-you-mean. A tool whose only limits \
            count per session ("scope": "session") is a warning too — an agent that opens a new \
            session for each call is never limited; with --server, only for tools that write.

            Exit status: 0 when every file is valid (warnings allowed), 1 when any has an error.

            Examples:
              gatehouse check policy.json
              gatehouse check policies/*.json --json
              gatehouse check policy.json --catalog ../shared/catalog --server twenty-crm-jdu278
            """
    )

    @Argument(help: ArgumentHelp("Policy files to check.", valueName: "policy.json"))
    var files: [String]

    @Option(help: "Warn about rules for tools this catalog server does not have.")
    var server: String?

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one policy file") }
    }

    func run() async throws {
        let tools = try server.map(tools(onServer:))
        var reports: [JSONValue] = []
        var anyErrors = false
        for file in files {
            let problems = Self.problems(inFile: file, availableTools: tools?.names, writingTools: tools?.writing)
            anyErrors = anyErrors || problems.contains { $0.severity == .error }
            if output.json {
                reports.append(Self.report(file: file, problems: problems))
            } else {
                for problem in problems { Console.out("\(file): \(problem)") }
                if problems.isEmpty { Console.out("\(file): ok") }
            }
        }
        if output.json { Console.json(.array(reports)) }
        if anyErrors { throw CommandFailure() }
    }

    /// Every problem in a file: errors, then warnings. `writingTools`: the server's tools that
    /// write, when a server was named (nil: unknown).
    static func problems(inFile file: String, availableTools: [String]?, writingTools: [String]?) -> [PolicyProblem] {
        guard let data = FileManager.default.contents(atPath: file) else {
            return [PolicyProblem(at: .root, "cannot read the file")]
        }
        let result = PolicyChecker.check(text: String(decoding: data, as: UTF8.self))
        var problems = result.problems
        if let document = result.document {
            if let availableTools { problems += PolicyChecker.warnings(for: document, availableTools: availableTools) }
            problems += PolicyChecker.sessionScopeWarnings(for: document, writingTools: writingTools)
        }
        return problems
    }

    static func report(file: String, problems: [PolicyProblem]) -> JSONValue {
        [
            "file": .string(file),
            "valid": .bool(!problems.contains { $0.severity == .error }),
            "problems": .array(problems.map(\.json)),
        ]
    }

    /// The server's tool names, and those the classifier finds do more than read.
    func tools(onServer id: String) throws -> (names: [String], writing: [String]) {
        let loaded = try Catalog.load(from: catalog.resolved)
        guard let server = loaded.server(id: id) else {
            let hint = DidYouMean.hint(for: id, among: loaded.servers.map(\.id))
            throw CommandFailure("no server '\(id)' in \(catalog.resolved.joined(separator: ", "))\(hint)")
        }
        let classifications = Classifier.classifyAll(server)
        let writing = zip(server.tools, classifications).filter { !$0.1.readOnly }.map(\.0.name)
        return (server.tools.map(\.name), writing)
    }
}
