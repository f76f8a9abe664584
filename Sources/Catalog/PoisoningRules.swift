/// The word patterns of instructions aimed at the model, by kind (docs/classification.md,
/// "Poisoned definitions"). Each is narrow on purpose: a tool description may say "do not
/// mention the column type" or "call list_projects before this tool"; it may not tell the model
/// to set its instructions aside, keep things from the user, or prefer this tool over all others.
enum PoisoningRules {
    static let qualifiers = "all any the your previous prior above earlier preceding other existing system safety original developer"
    static let instructions = "instructions instruction prompts prompt rules directions guidelines guardrails constraints directives policies"

    static let patterns: [(PoisoningFinding.Kind, WordPattern)] = [
        (.overridesInstructions, WordPattern("ignore disregard forget override bypass skip", (2, qualifiers), (2, instructions))),
        (.overridesInstructions, WordPattern("new updated", (0, "instructions instruction directives"), (0, "from"))),
        (.concealment, WordPattern("not never don't dont", (1, "tell inform mention reveal show alert notify disclose"), (4, "user users human humans person"))),
        (.concealment, WordPattern("not never don't dont", (1, "tell inform mention reveal disclose"), (0, "that"), (0, "you"))),
        (.concealment, WordPattern("without", (0, "telling informing notifying alerting asking"), (1, "user users human humans"))),
        (.concealment, WordPattern("hide conceal keep", (4, "from"), (1, "user users human humans"))),
        (.concealment, WordPattern("user users", (1, "must should"), (0, "not never"), (1, "know see notice learn"))),
        (.capabilityClaim, WordPattern("you", (1, "have"), (3, "internet web network root admin administrator unrestricted elevated shell filesystem"), (1, "access privileges permissions"))),
        (.capabilityClaim, WordPattern("you", (1, "are"), (2, "developer admin god dan jailbreak unrestricted"), (0, "mode"))),
        (.capabilityClaim, WordPattern("you", (1, "are"), (1, "allowed authorized permitted"), (0, "to"), (0, "ignore bypass override disable"))),
        (.toolPreference, WordPattern("always", (1, "call use run invoke choose select"), (0, "this"), (0, "tool function"), (2, "first before instead"))),
        (.toolPreference, WordPattern("call use run invoke", (0, "this"), (0, "tool function"), (1, "instead"), (0, "of"), (1, "any all other every"))),
        (.toolPreference, WordPattern("not never don't dont", (0, "use call invoke"), (1, "other any"), (1, "tool tools functions"))),
        (.toolPreference, WordPattern("before", (0, "using calling invoking"), (0, "any every"), (1, "other"), (0, "tool tools function"))),
        (.toolPreference, WordPattern("this", (0, "tool function"), (0, "must should"), (1, "always"), (1, "be"), (0, "called used invoked"), (0, "first before"))),
        (.secretAccess, WordPattern("pass send include forward copy attach paste upload", (4, "conversation chat previous"), (0, "history messages"))),
        (.secretAccess, WordPattern("pass send include forward copy attach paste upload", (4, "output outputs results responses data"), (1, "of from"), (1, "other all every previous"), (0, "tool tools calls"))),
        (.secretAccess, WordPattern("pass send include forward copy attach paste upload reveal", (3, "system your"), (0, "prompt instructions"))),
    ]

    /// Every word some rule needs: a sentence with none of them is clean.
    static let triggerWords: Set<String> = patterns.reduce(into: Set(transferVerbs).union(["read", "cat", "open", "load", "include", "provide", "put"])) { $0.formUnion($1.1.leadingWords) }

    /// Words an instruction to send data uses, in the imperative.
    static let transferVerbs: Set<String> = [
        "send", "post", "forward", "upload", "submit", "transmit", "exfiltrate", "leak", "copy", "append", "pass", "attach", "paste",
    ]

    /// Words before a verb that make it an instruction: "then send", "you must post", "please forward".
    static let imperativeLeads: Set<String> = [
        "please", "then", "and", "also", "always", "first", "must", "should", "to", "immediately", "now", "silently", "secretly",
        "quietly", "automatically", ",", ":", ";",
    ]

    /// What such an instruction sends.
    static let dataObjects: Set<String> = [
        "data", "contents", "content", "conversation", "history", "results", "output", "messages", "information", "everything",
        "keys", "key", "tokens", "token", "credentials", "files", "file", "secrets", "secret", "password", "passwords", "details",
    ]

    /// Files an instruction may ask the model to read and hand over.
    static let secretFiles = [
        "~/.ssh", ".ssh/", "id_rsa", "id_ed25519", "id_ecdsa", "mcp.json", "~/.aws", ".aws/credentials", "/etc/passwd", "/etc/shadow",
        ".netrc", ".npmrc", ".pgpass", ".git-credentials", ".kube/config", ".docker/config.json", "claude_desktop_config",
        "~/.cursor", "~/.config", ".env",
    ]

    /// Names of blocks set apart for the model: `<IMPORTANT>`, `<system>`, `<instructions>`.
    static let blockNames: Set<String> = ["important", "system", "instructions", "instruction", "hidden", "secret", "admin", "sys", "assistant", "prompt", "system_prompt", "context"]

    /// Markers of chat-template turns pasted into a definition.
    static let turnMarkers = ["[inst]", "<|im_start|>", "<|system|>", "<<sys>>", "<|endoftext|>", "### system:", "</system>"]
}
