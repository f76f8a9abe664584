/// What makes a tool destructive in MCP's sense.
public enum DestructiveKind: String, Sendable, Equatable {
    /// It replaces what was there: update, set, rename, move, overwrite.
    case overwrite
    /// It deletes or resets.
    case removal
    /// It ends something running: close, stop, cancel.
    case ending
    /// It operates a page or an app, whose buttons can do anything.
    case interaction
    /// It runs code or commands the caller writes.
    case code
    /// It moves money for good (a signed transaction).
    case money
    /// An option lets it overwrite what is there (`force`, `overwrite`).
    case forcedOverwrite
}
