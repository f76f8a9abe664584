/// Whether a tool rewrites text a model will later be told — a stored prompt, a system message,
/// standing instructions — with words the caller supplies. An agent tricked into calling it
/// leaves its attacker's instructions behind for every later conversation (a prompt injection
/// that persists), so the recommendation holds such calls for a person
/// (docs/classification.md, "Recommended rules").
///
/// Three facts, all from the definition: it overwrites (MCP's destructive update, not a create
/// or a reload), what it overwrites is a prompt or instructions (by the words it acts on or its
/// name), and an input carries the new text (`new_content`, `systemMessage`, `template`).
enum InstructionRewrite {
    static func of(_ facts: ToolFacts, _ findings: ActionFindings, kind: DestructiveKind?) -> Evidence? {
        guard kind == .overwrite else { return nil }
        let objects = Set(findings.objectWords).union(facts.nameWords)
        guard !objects.isDisjoint(with: instructionObjects) else { return nil }
        guard let text = facts.properties.first(where: { $0.isTopLevel && !$0.isNumeric && !$0.isBoolean && textInputs.contains($0.words.last ?? "") })
        else { return nil }
        return Evidence(.inputSchema, "input property '\(text.name)'")
    }

    /// What a model is told: prompts, system messages, instructions.
    static let instructionObjects: Set<String> = ["prompt", "prompts", "instruction", "instructions", "persona", "personas"]

    /// Inputs that carry the new text.
    static let textInputs: Set<String> = [
        "content", "contents", "text", "body", "template", "message", "instructions", "instruction", "prompt", "system",
    ]
}
