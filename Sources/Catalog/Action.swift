/// What a verb says a tool does. The classifier maps these to categories (docs/classification.md).
enum Action: String, Sendable, CaseIterable {
    /// Looks at or computes something without changing anything.
    case read
    /// Makes something new; existing data stays as it was.
    case create
    /// Changes something that exists; the change can be put back.
    case change
    /// Deletes, cancels or resets: what was there is gone.
    case remove
    /// Runs code, commands, queries or jobs.
    case execute
    /// Sends something to people.
    case send
    /// Moves money.
    case pay
    /// Gives or takes away access.
    case grant
    /// Does something the word does not say ("manage", "process", "trigger").
    case unspecified

    /// The present-tense phrase the rationale uses.
    var phrase: String {
        switch self {
        case .read: return "reads"
        case .create: return "creates"
        case .change: return "changes"
        case .remove: return "deletes or removes"
        case .execute: return "runs"
        case .send: return "sends"
        case .pay: return "moves money for"
        case .grant: return "changes access to"
        case .unspecified: return "acts on"
        }
    }
}

/// One verb's meaning.
struct VerbMeaning: Sendable, Equatable {
    var action: Action
    /// The word is also a common noun ("comment", "run", "label") or says little ("manage"):
    /// clearer words elsewhere in the definition win over it.
    var isWeak: Bool
    /// Why a verb that is not a deletion still cannot be put back ("rewrites history"), if so.
    var irreversibleBecause: String?
}
