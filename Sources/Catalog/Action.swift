/// What a verb says a tool does. The classifier maps these to categories and to MCP's hints
/// (docs/classification.md).
enum Action: String, Sendable, CaseIterable {
    /// Looks at or computes something without changing anything.
    case read
    /// Makes something new; existing data stays as it was (MCP: an additive update).
    case create
    /// Changes something that exists, replacing what was there: update, set, rename, move.
    case change
    /// Moves something along its life without replacing content: submit, approve, complete.
    case transition
    /// Goes somewhere: opens a page or a place, switches tab. Changes where the tool is, not data.
    case navigate
    /// Acts on a user interface as a person would: click, type, fill, select an option. What the
    /// click sets off is up to the page.
    case interact
    /// Opens a connection or a session.
    case connect
    /// Ends something running: close, disconnect, stop, cancel, terminate.
    case end
    /// Deletes or resets: what was there is gone.
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
        case .transition: return "moves along"
        case .navigate: return "goes to"
        case .interact: return "operates"
        case .connect: return "connects to"
        case .end: return "ends"
        case .remove: return "deletes or removes"
        case .execute: return "runs"
        case .send: return "sends"
        case .pay: return "moves money for"
        case .grant: return "changes access to"
        case .unspecified: return "acts on"
        }
    }

    /// MCP's meaning of "destructive": the action may replace or remove what exists (an update
    /// that overwrites, a deletion, ending or resetting something, an action a page carries out).
    /// Creating, sending, reading and moving along are additive.
    var overwrites: Bool {
        switch self {
        case .change, .interact, .end, .remove: return true
        case .read, .create, .transition, .navigate, .connect, .execute, .send, .pay, .grant, .unspecified: return false
        }
    }

    /// Calling it again with the same arguments has no further effect: reading, setting to a
    /// value, deleting, ending, going somewhere. Creating, sending, paying, running and clicking
    /// do it again.
    var isIdempotent: Bool {
        switch self {
        case .read, .change, .navigate, .connect, .end, .remove, .grant: return true
        case .create, .transition, .interact, .execute, .send, .pay, .unspecified: return false
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
