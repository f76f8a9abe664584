/// A hint the server declared that its tool's definition does not bear out.
public struct HintDisagreement: Sendable, Equatable {
    /// `readOnlyHint`, `destructiveHint`, `idempotentHint` or `openWorldHint`.
    public var hint: String
    public var declared: Bool
    public var suggested: Bool
    /// Why the definition says otherwise.
    public var because: String

    public init(hint: String, declared: Bool, suggested: Bool, because: String) {
        self.hint = hint
        self.declared = declared
        self.suggested = suggested
        self.because = because
    }
}
