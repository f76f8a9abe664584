import ArgumentParser
import Foundation
import JSON
import PolicyImport

/// `gatehouse policy import FILE.yaml`: an Intercept policy as the equivalent Gatehouse JSON.
struct PolicyImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Print the Gatehouse policy equivalent to an Intercept YAML policy.",
        discussion: """
            Reads Intercept's policy format (version, default, hide, tools: {NAME: {rules: [...]}}, \
            with rules of action evaluate or deny, conditions, on_deny, rate_limit "N/window" and \
            state counters) and prints the same policy in Gatehouse's JSON, which passes \
            gatehouse check. What it writes differently, and what it could not carry over, is \
            printed on stderr as FILE: POINTER: NOTE (pointers into the YAML document).

            Exit status: 0 when everything was carried over, 1 when something was not (the policy \
            printed is valid without it) or the file cannot be converted.

            Examples:
              gatehouse policy import intercept.yaml > policy.json
              gatehouse policy import intercept.yaml --json
            """
    )

    @Argument(help: ArgumentHelp("An Intercept policy file.", valueName: "FILE.yaml"))
    var file: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("\(file): cannot read the file")
        }
        let conversion: PolicyConversion
        do {
            conversion = try InterceptImport.convert(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            throw CommandFailure("\(file): \(error)")
        }
        if output.json {
            Console.json(conversion.json)
        } else {
            Console.json(conversion.policy)
            for note in conversion.notes { Console.error("\(file): \(note)") }
        }
        if !conversion.isComplete { throw CommandFailure() }
    }
}
