/// One of MCP's tool hints as the definition says it: the value, and why, quoting the evidence.
public struct HintJudgement: Sendable, Equatable {
    public var value: Bool
    /// A clause for prose and reports: "'update' replaces what was there".
    public var because: String
    /// The evidence behind it, quoted from the definition (or the server's description).
    public var evidence: Evidence?

    public init(_ value: Bool, because: String, evidence: Evidence? = nil) {
        self.value = value
        self.because = because
        self.evidence = evidence
    }
}

/// MCP's four tool hints (`readOnlyHint`, `destructiveHint`, `idempotentHint`, `openWorldHint`)
/// as a tool's definition alone says them — what the server could declare.
///
/// The meanings are the specification's (docs/classification.md): read-only changes nothing;
/// destructive may replace or remove what exists (additive updates are not); idempotent has no
/// further effect when repeated with the same arguments; open world reaches the internet, a
/// third-party service, other people or a blockchain.
public struct MCPHints: Sendable, Equatable {
    public var readOnly: HintJudgement
    public var destructive: HintJudgement
    public var idempotent: HintJudgement
    public var openWorld: HintJudgement

    public init(readOnly: HintJudgement, destructive: HintJudgement, idempotent: HintJudgement, openWorld: HintJudgement) {
        self.readOnly = readOnly
        self.destructive = destructive
        self.idempotent = idempotent
        self.openWorld = openWorld
    }

    /// The hints as an MCP `annotations` object would hold them.
    public var annotations: ToolAnnotations {
        ToolAnnotations(
            readOnlyHint: readOnly.value, destructiveHint: destructive.value, idempotentHint: idempotent.value,
            openWorldHint: openWorld.value)
    }

    /// The four, in the specification's order, with their annotation names.
    public var all: [(name: String, judgement: HintJudgement)] {
        [("readOnlyHint", readOnly), ("destructiveHint", destructive), ("idempotentHint", idempotent), ("openWorldHint", openWorld)]
    }
}
