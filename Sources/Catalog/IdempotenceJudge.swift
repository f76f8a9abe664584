/// Whether calling a tool again with the same arguments has no further effect (MCP's
/// `idempotentHint`): reading, setting something to a value, deleting, ending, going somewhere
/// are; creating, appending, sending, paying, running and clicking are not, and neither is
/// toggling or incrementing (docs/classification.md).
enum IdempotenceJudge {
    static let repeatingWords: Set<String> = ["toggle", "increment", "decrement", "append", "add", "insert", "push", "swap", "draw", "rotate", "regenerate", "next", "random", "move"]

    static func judge(_ facts: ToolFacts, _ findings: ActionFindings, _ assessment: Assessment) -> HintJudgement {
        if assessment.readOnly { return HintJudgement(true, because: "it only reads") }
        if assessment.noSignal { return HintJudgement(false, because: "nothing in its definition says a second call changes nothing") }
        if let word = findings.verbs.map(\.word).first(where: repeatingWords.contains) ?? facts.nameWords.first(where: repeatingWords.contains) {
            return HintJudgement(false, because: "'\(word)' does it again each time")
        }
        if let action = assessment.actions.sorted(by: { $0.rawValue < $1.rawValue }).first(where: { !$0.isIdempotent }) {
            let word = findings.verbs.first { $0.meaning.action == action }?.word
            return HintJudgement(false, because: word.map { "each call to '\($0)' \(action.phrase) again" } ?? "each call \(action.phrase) again")
        }
        let word = findings.verbs.first?.word ?? "it"
        return HintJudgement(true, because: "'\(word)' with the same arguments leaves things as the first call did")
    }
}
