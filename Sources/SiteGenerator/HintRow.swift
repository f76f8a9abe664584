import Catalog

/// One of MCP's four hints on a tool page: what the definition says, what the server declared.
struct HintRow: TemplateModel {
    /// `readOnlyHint`, `destructiveHint`, `idempotentHint`, `openWorldHint`.
    var hint: String
    /// `true` or `false`, from the definition alone.
    var suggested: String
    /// `true` or `false` as the server declared it; empty when it did not.
    var declared: String
    /// Why the definition says so.
    var because: String
    /// The server declared otherwise.
    var differs: Bool

    static func rows(_ c: ToolClassification, declared annotations: ToolAnnotations) -> [HintRow] {
        let declared: [String: Bool?] = [
            "readOnlyHint": annotations.readOnlyHint, "destructiveHint": annotations.destructiveHint,
            "idempotentHint": annotations.idempotentHint, "openWorldHint": annotations.openWorldHint,
        ]
        let disagreeing = Set(c.hintDisagreements.map(\.hint))
        return c.hints.all.map { name, judgement in
            HintRow(
                hint: name, suggested: judgement.value ? "true" : "false",
                declared: (declared[name] ?? nil).map { $0 ? "true" : "false" } ?? "", because: DescriptionText.plain(judgement.because),
                differs: disagreeing.contains(name))
        }
    }

    static let fields = TemplateFields<HintRow>([
        "hint": .text { $0.hint }, "suggested": .text { $0.suggested }, "declared": .text { $0.declared },
        "because": .text { $0.because }, "differs": .value { $0.differs },
    ])
}
