/// PolicyLayer's top-level `hide`, ready to answer "is this tool hidden, and by which entry?".
///
/// Hidden wins over every rule: a hidden tool is removed from `tools/list` and denied when
/// called, whatever `tools` says about it. `"*"` hides every tool.
struct HideList: Sendable {
    /// The entry that hides every tool.
    static let everyTool = "*"

    /// Tool name → its index in the list (the first, when written twice).
    private let names: [String: Int]
    /// The index of `"*"`, when the list has it.
    private let everyToolIndex: Int?

    var isEmpty: Bool { names.isEmpty && everyToolIndex == nil }

    init(_ entries: [String]) {
        var names: [String: Int] = [:]
        var everyToolIndex: Int?
        for (index, entry) in entries.enumerated() {
            if entry == Self.everyTool {
                everyToolIndex = everyToolIndex ?? index
            } else if names[entry] == nil {
                names[entry] = index
            }
        }
        self.names = names
        self.everyToolIndex = everyToolIndex
    }

    /// The index of the entry that hides `tool`, or nil when it is not hidden.
    func index(hiding tool: String) -> Int? {
        everyToolIndex ?? names[tool]
    }
}
