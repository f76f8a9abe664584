import ArgumentParser
import Foundation
import JSON
import Policy

/// `gatehouse explain policy.json --tool NAME`: the decision for one call and the rule behind it.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the decision a policy takes on a call, and the rule that decided it.",
        discussion: """
            Counters start empty, so a limit is shown as it applies to a first call; --repeat N \
            decides N identical calls in a row to show where a limit starts refusing. Every limit \
            the call counts against is listed with how much of it is used.

            Reads either spelling of the language: Gatehouse's (action, reason, conditions) and \
            PolicyLayer's (hide, all_tools, require, deny_if, on_deny). A hidden tool is reported \
            as not listed in tools/list.

            Examples:
              gatehouse explain policy.json --tool UpdateOneConnectedAccount
              gatehouse explain policy.json --tool create_refund --args '{"amount": 60000}' --json
              gatehouse explain policy.json --tool UpdateOneConnectedAccount --repeat 31
              gatehouse explain policy.json --tool convert_to_markdown \\
                --args '{"uri": "file:///srv/docs/..%2f..%2fetc%2fhostname"}'
            """
    )

    @Argument(help: ArgumentHelp("The policy file.", valueName: "policy.json"))
    var file: String

    @Option(help: "The tool being called.")
    var tool: String

    @Option(help: ArgumentHelp("The call's arguments, as a JSON object.", valueName: "json"))
    var args: String = "{}"

    @Option(help: "The grant (credential) making the call.")
    var grant: String = "explain"

    @Option(help: "The MCP session making the call.")
    var session: String = "explain"

    @Option(help: "Decide this many identical calls, one after another, and show the last.")
    var `repeat`: Int = 1

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...100_000).contains(`repeat`) else { throw ValidationError("--repeat must be between 1 and 100000") }
        do {
            guard case .object = try JSONParser.parse(args) else {
                throw ValidationError("--args must be a JSON object, e.g. '{\"amount\": 100}'")
            }
        } catch let error as JSONSyntaxError {
            throw ValidationError("--args is not valid JSON: \(error)")
        }
    }

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("\(file): cannot read the file")
        }
        let policy: CompiledPolicy
        do {
            policy = try CompiledPolicy(text: String(decoding: data, as: UTF8.self), source: file)
        } catch {
            throw CommandFailure("\(error)\n\(file): the policy has errors; run 'gatehouse check \(file)'")
        }
        let arguments = try JSONParser.parse(args)
        let call = ToolCall(tool: tool, arguments: arguments, grant: grant, session: session)
        let engine = PolicyEngine(policy: policy, counters: InMemoryCounterStore(), clock: ManualTimeSource())
        var ruling = await engine.decide(call)
        for _ in 1..<`repeat` {
            ruling = await engine.decide(call)
        }
        let budgets = await engine.budgetUse(for: call)
        if output.json {
            Console.json(policy.explanation(of: ruling.decision, for: call, budgets: budgets))
        } else {
            Console.out(Self.text(ruling.decision, call: call, policy: policy, budgets: budgets))
        }
    }

    static func text(_ decision: Decision, call: ToolCall, policy: CompiledPolicy, budgets: [BudgetUse]) -> String {
        var lines = ["decision: \(decision.name)", "rule:     \(decision.rule)"]
        if let key = policy.ruleKey(for: call.tool), key != call.tool {
            lines.append("matched:  pattern '\(key)'")
        }
        if let reason = decision.reason { lines.append("reason:   \(reason)") }
        if !policy.isListed(call.tool) { lines.append("listed:   no (removed from tools/list)") }
        for budget in budgets {
            let limit = budget.check.limit
            lines.append("limit:    \(budget.check.rule) counter '\(limit.counter)': \(JSONValue.double(budget.used)) of \(JSONValue.double(limit.max)) used per \(limit.window.humanDescription), per \(limit.scope.rawValue)")
        }
        return lines.joined(separator: "\n")
    }
}
